package io.tributary.auth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.tributary.auth.issuer.PasswordHash;
import io.tributary.proto.auth.v1.Target;
import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.PrometheusText;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Operations of the packaged auth service: health (ready needs the signing key and every OIDC provider's JWKS) and
 * the decisions counter in /q/metrics, and JSON console logs when switched on.
 */
class OpsIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(AuthProcess auth, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(auth.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static double sample(String metrics, String name, String... labelParts) {
        return PrometheusText.sum(metrics, name, labelParts);
    }

    /** Also: the one documented switch (an environment variable) turns the console log into JSON lines. */
    @Test
    void healthAndDecisionMetrics() throws Exception {
        try (AuthProcess auth = AuthProcess.builder(Path.of("."))
                .property("tributary.auth.users.ops.password-hash", PasswordHash.hash("ops-pw".toCharArray(), 10_000))
                .property("tributary.auth.users.ops.permissions", "logs:system:read")
                .environment("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .logFile(Path.of("target/auth-ops.log")).start();
             Authz client = new Authz(auth.url(), auth.port())) {
            assertEquals(200, get(auth, "/q/health/live").statusCode());
            HttpResponse<String> ready = get(auth, "/q/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"signing-key\"") && ready.body().contains("loaded"), ready.body());

            String before = get(auth, "/q/metrics").body();
            Map.Entry<Integer, Map<String, Object>> login = client.post("/acs/api/v1/auth/login",
                    "{\"uid\":\"ops\",\"password\":\"ops-pw\"}");
            String token = (String) login.getValue().get("token");
            for (int i = 0; i < 3; i++) {
                client.authorize("Bearer " + token, Target.getDefaultInstance());
            }
            assertEquals(Status.Code.UNAUTHENTICATED, client.authorizeFails("Bearer not-a-token", Target.getDefaultInstance()).getCode());
            assertEquals(Status.Code.PERMISSION_DENIED, client.authorizeFails("Bearer " + token,
                    Target.newBuilder().setFrameworkId("fw").build()).getCode());
            String after = get(auth, "/q/metrics").body();
            String m = "tributary_auth_decisions_total";
            assertEquals(3, sample(after, m, "call=\"authorize\"", "decision=\"allowed\"")
                    - sample(before, m, "call=\"authorize\"", "decision=\"allowed\""), after);
            assertEquals(2, sample(after, m, "call=\"authorize\"", "decision=\"denied\"")
                    - sample(before, m, "call=\"authorize\"", "decision=\"denied\""), after);
            assertEquals(1, sample(after, m, "decision=\"denied\"", "code=\"PERMISSION_DENIED\"")
                    - sample(before, m, "decision=\"denied\"", "code=\"PERMISSION_DENIED\""), after);
            String firstLine = java.nio.file.Files.readAllLines(auth.process().logFile()).stream()
                    .filter(l -> !l.isBlank()).findFirst().orElse("");
            assertTrue(firstLine.startsWith("{") && firstLine.contains("\"level\"") && firstLine.contains("\"message\""),
                    firstLine);
        }
    }

    /** An OIDC provider whose JWKS cannot be fetched makes auth not ready (its users' tokens would fail). */
    @Test
    void notReadyWhileAnOidcProviderIsUnreachable() throws Exception {
        int dead = ServiceProcess.freePort(); // nothing listens there
        try (AuthProcess auth = AuthProcess.builder(Path.of("."))
                .property("tributary.auth.oidc.kc.issuer", "http://127.0.0.1:" + dead + "/realms/gone")
                .property("tributary.auth.oidc.kc.audiences", "tributary")
                .logFile(Path.of("target/auth-ops-oidc.log")).start()) {
            assertEquals(200, get(auth, "/q/health/live").statusCode());
            HttpResponse<String> ready = get(auth, "/q/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            Matcher m = Pattern.compile("\"oidc.kc\"\\s*:\\s*\"down: [^\"]+\"").matcher(ready.body());
            assertTrue(m.find(), ready.body());
        }
    }
}
