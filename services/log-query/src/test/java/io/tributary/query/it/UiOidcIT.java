package io.tributary.query.it;

import static io.tributary.query.it.Browser.js;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.KeycloakProcess;
import io.tributary.testkit.PrivateJournald;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The browser UI's "Sign in with Keycloak" in a real headless Chromium against a real Keycloak (realm
 * src/test/resources/keycloak/tributary-ui-realm.json plus a public client created for log-query's port): the
 * authorization-code flow with PKCE through Keycloak's own login form, auth trusting the realm and mapping its role
 * to a logs permission, one reader on a private journald namespace. A user without the role gets the API's 403
 * shown; a sign-in response with a changed state is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiOidcIT {

    static final String REALM = "tributary-ui";
    static final String CLIENT = "tributary-ui";
    static final String ADMIN_PASSWORD = "ui-oidc-admin-pw";
    static KeycloakProcess keycloak;
    static AuthProcess auth;
    static PrivateJournald journal;
    static String node;
    static Stack stack;
    static Browser browser;
    static String ui;

    @BeforeAll
    static void start() throws Exception {
        keycloak = new KeycloakProcess(List.of(Path.of("src/test/resources/keycloak/tributary-ui-realm.json")));
        auth = AuthProcess.builder(Path.of("../auth")).logFile(Path.of("target/it-ui-oidc-auth.log"))
                .property("tributary.auth.bootstrap-admin.password", ADMIN_PASSWORD)
                .property("tributary.auth.oidc.keycloak.issuer", keycloak.issuer(REALM))
                .property("tributary.auth.oidc.keycloak.audiences", CLIENT) // Keycloak names the client in azp
                .property("tributary.auth.oidc.keycloak.roles.log-reader", "logs:*")
                .start();
        journal = PrivateJournald.builder().storage(PrivateJournald.Storage.VOLATILE).start();
        node = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII)).substring(0, 32);
        for (int seq = 0; seq < 5; seq++) {
            journal.send(JournalField.of("MESSAGE", "oidc line " + seq), JournalField.of("TEST_RUN", "oidc"),
                    JournalField.of("SEQ", Integer.toString(seq)), JournalField.of("SYSLOG_IDENTIFIER", "ui-oidc-it"));
        }
        Map<String, Consumer<ServiceProcess.Builder>> readers = Stack.readers();
        String ns = journal.namespace();
        readers.put(node, b -> b.systemProperty("tributary.journal.namespace", ns));
        stack = new Stack("ui-oidc", readers, Map.of("tributary.query.auth.url", "127.0.0.1:" + auth.port(),
                "tributary.query.ui.oidc.issuer", keycloak.issuer(REALM),
                "tributary.query.ui.oidc.client-id", CLIENT,
                "tributary.query.ui.oidc.name", "Keycloak"),
                Stack.Options.defaults(1).withAuthorization("Bearer " + adminToken()));
        ui = "http://127.0.0.1:" + stack.port + "/ui/";
        // the operator's client: public, standard flow, PKCE S256 required, redirect to the UI, CORS for its origin
        keycloak.admin("POST", "/realms/" + REALM + "/clients", "{\"clientId\":\"" + CLIENT + "\",\"enabled\":true,"
                + "\"publicClient\":true,\"standardFlowEnabled\":true,\"directAccessGrantsEnabled\":false,"
                + "\"redirectUris\":[\"" + ui + "*\"],\"webOrigins\":[\"+\"],"
                + "\"attributes\":{\"pkce.code.challenge.method\":\"S256\"}}");
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, stack, journal, auth, keycloak}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /** The embedded issuer's admin, for the stack's readiness check only. */
    static String adminToken() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(auth.url() + "/acs/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Browser.JSON.readTree(r.body()).path("token").asText();
    }

    JsonNode run(String script) throws Exception {
        return browser.run(script);
    }

    JsonNode inPage(String expression) throws Exception {
        return browser.inPage(expression);
    }

    /** On the login screen: "Sign in with Keycloak", then Keycloak's own form. */
    void signIn(String user) throws Exception {
        run("await page.waitForSelector('#login-oidc', {state: 'visible'});"
                + "await page.waitForFunction(() => document.getElementById('login-oidc').textContent === 'Sign in with Keycloak');"
                + "await page.click('#login-oidc'); await page.waitForSelector('#username', {timeout: 30000});"
                + "await page.fill('#username', " + js(user) + "); await page.fill('#password', " + js(user + "-pw") + ");"
                + "await page.click('#kc-login'); return true;");
    }

    @Test
    @Order(1)
    void configNamesKeycloaksEndpoints() throws Exception {
        HttpResponse<String> r = stack.get("/ui/config.json"); // public, like the page
        assertEquals(200, r.statusCode(), r.body());
        JsonNode oidc = Browser.JSON.readTree(r.body()).get("oidc");
        String issuer = keycloak.issuer(REALM);
        assertEquals(issuer + "/protocol/openid-connect/auth", oidc.get("authorization_endpoint").asText());
        assertEquals(issuer + "/protocol/openid-connect/token", oidc.get("token_endpoint").asText());
        assertEquals(CLIENT, oidc.get("client_id").asText());
        assertEquals("openid", oidc.get("scopes").asText());
        String csp = stack.get("/ui/").headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("connect-src 'self' " + keycloak.url()), csp);
    }

    @Test
    @Order(2)
    void signInWithKeycloakShowsTheLogs() throws Exception {
        String view = "#match=TEST_RUN%3Doidc&live=0";
        run("await page.goto(" + js(ui + view) + "); return true;");
        signIn("olivia");
        run("await page.waitForSelector('#viewer', {state: 'visible', timeout: 30000}); return true;");
        // back on the UI without code and state, the view's fragment kept
        assertEquals(ui + view, run("return page.url();").asText());
        browser.awaitInPage("document.querySelectorAll('#nodes input').length === 1", Duration.ofSeconds(20));
        assertEquals(List.of(node), Browser.JSON.convertValue(
                inPage("[...document.querySelectorAll('#nodes input')].map(i => i.value)"), List.class));
        browser.awaitInPage("window.tributaryUi.view.paused && window.tributaryUi.list.length === 5", Duration.ofSeconds(20));
        JsonNode rows = inPage("[...document.querySelectorAll('#log-rows .row:not([hidden])')].map(r => r.textContent)");
        assertEquals(5, rows.size(), rows.toString());
        for (int seq = 0; seq < 5; seq++) {
            assertTrue(rows.get(seq).asText().contains("oidc line " + seq), rows.toString());
        }
        // the token the page keeps is Keycloak's, issued to the public client
        JsonNode claims = inPage("JSON.parse(atob(sessionStorage.getItem('tributary.token').split('.')[1]"
                + ".replace(/-/g, '+').replace(/_/g, '/')))");
        assertEquals(keycloak.issuer(REALM), claims.get("iss").asText());
        assertEquals(CLIENT, claims.get("azp").asText());
        assertEquals("olivia", claims.get("preferred_username").asText());
        assertEquals("", inPage("document.getElementById('error').textContent").asText());
    }

    @Test
    @Order(3)
    void anInvalidTokenBringsTheLoginBack() throws Exception {
        // what an expired token does: the API's 401 → the login screen, with the OIDC button
        run("await page.evaluate(() => sessionStorage.setItem('tributary.token', 'eyJ.expired.token'));"
                + "await page.reload(); await page.waitForSelector('#login', {state: 'visible'}); return true;");
        assertTrue(inPage("document.getElementById('login-error').textContent").asText().contains("log in"));
        assertTrue(run("return await page.isVisible('#login-oidc');").asBoolean());
    }

    @Test
    @Order(4)
    void aUserWithoutPermissionSeesTheForbiddenError() throws Exception {
        run("await context.clearCookies(); return true;"); // leaves Keycloak's session: its form comes again
        signIn("nora");
        run("await page.waitForSelector('#viewer', {state: 'visible', timeout: 30000}); return true;");
        browser.awaitInPage("document.getElementById('error').textContent.length > 0", Duration.ofSeconds(20));
        String error = inPage("document.getElementById('error').textContent").asText();
        assertTrue(error.startsWith("forbidden"), error);
        assertEquals(0, inPage("window.tributaryUi.list.length").asInt());
        assertFalse(inPage("document.getElementById('viewer').hidden").asBoolean());
    }

    @Test
    @Order(5)
    void aChangedStateIsRefused() throws Exception {
        run("await page.click('#logout'); await context.clearCookies(); return true;");
        // Keycloak shows its form at the authorization URL the page built: PKCE S256, the page's state
        String authorize = run("await page.click('#login-oidc'); await page.waitForSelector('#username', {timeout: 30000});"
                + "return page.url();").asText();
        Map<String, String> q = query(URI.create(authorize));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length(), authorize); // base64url of SHA-256
        assertEquals("code", q.get("response_type"));
        assertEquals(ui, q.get("redirect_uri"));
        // the same request with another state (as a forged link would carry): Keycloak answers it, the page refuses it
        String forged = authorize.replaceFirst("([?&]state=)[^&]*", "$1forged" + UUID.randomUUID());
        run("await page.goto(" + js(forged) + "); await page.waitForSelector('#username');"
                + "await page.fill('#username', 'olivia'); await page.fill('#password', 'olivia-pw'); await page.click('#kc-login');"
                + "await page.waitForURL(u => u.pathname === '/ui/', {timeout: 30000});"
                + "await page.waitForSelector('#login', {state: 'visible'}); return true;");
        String message = inPage("document.getElementById('login-error').textContent").asText();
        assertTrue(message.contains("state mismatch"), message);
        assertTrue(inPage("sessionStorage.getItem('tributary.token') === null").asBoolean());
        assertFalse(inPage("document.getElementById('viewer').hidden === false").asBoolean());
        String url = run("return page.url();").asText();
        assertTrue(url.startsWith(ui) && !url.contains("?") && !url.contains("code="), "code and state left the address bar: " + url);
    }

    @Test
    @Order(6)
    void aDiscoveryFailureIsShownAndThePasswordLoginStillWorks() throws Exception {
        // a second log-query whose provider does not answer (a port nothing listens on)
        int port = ServiceProcess.freePort();
        String dead = "http://127.0.0.1:" + ServiceProcess.freePort() + "/realms/" + REALM;
        try (ServiceProcess q = ServiceProcess.quarkusApp(Path.of(".")).logFile(Path.of("target/it-ui-oidc-dead-log-query.log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.query.topology", "127.0.0.1:" + ServiceProcess.freePort())
                .systemProperty("tributary.query.auth.url", "127.0.0.1:" + auth.port())
                .systemProperty("tributary.query.ui.oidc.issuer", dead)
                .systemProperty("tributary.query.ui.oidc.client-id", CLIENT)
                .systemProperty("tributary.query.ui.oidc.name", "Keycloak")
                .systemProperty("tributary.query.ui.oidc.discovery-timeout", "2s")
                .waitForPort(port).start()) {
            run("await page.goto(" + js("http://127.0.0.1:" + port + "/ui/") + ");"
                    + "await page.waitForFunction(() => document.getElementById('login-oidc-note').textContent.length > 0,"
                    + " null, {timeout: 20000}); return true;");
            String note = inPage("document.getElementById('login-oidc-note').textContent").asText();
            assertTrue(note.contains("cannot reach Keycloak") && note.contains(dead), note);
            assertTrue(inPage("document.getElementById('login-oidc').disabled").asBoolean());
            run("await page.fill('#login-uid', 'admin'); await page.fill('#login-password', " + js(ADMIN_PASSWORD) + ");"
                    + "await page.click('#login-submit'); await page.waitForSelector('#viewer', {state: 'visible'}); return true;");
            assertTrue(inPage("sessionStorage.getItem('tributary.token') !== null").asBoolean());
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
