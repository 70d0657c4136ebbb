package io.tributary.query.http.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tributary.query.config.QueryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /ui/config.json against a real HTTP server standing in for the provider's discovery document. */
class UiConfigTest {

    static final ObjectMapper JSON = new ObjectMapper();
    HttpServer server;
    final AtomicInteger fetches = new AtomicInteger();
    final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** A provider serving the document made from its own issuer URL; returns that issuer. */
    String provider(int status, Function<String, String> document) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/r";
        server.createContext("/realms/r/.well-known/openid-configuration", x -> {
            fetches.incrementAndGet();
            byte[] body = document.apply(issuer).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        return issuer;
    }

    static String keycloakLike(String issuer) {
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/protocol/openid-connect/auth\","
                + "\"token_endpoint\":\"" + issuer + "/protocol/openid-connect/token\",\"jwks_uri\":\"x\"}";
    }

    static QueryConfig.Ui.Oidc settings(String issuer, Duration timeout) {
        return new QueryConfig.Ui.Oidc() {
            public Optional<String> issuer() { return Optional.ofNullable(issuer); }
            public Optional<String> clientId() { return Optional.ofNullable(issuer == null ? null : "tributary-ui"); }
            public String scopes() { return "openid"; }
            public String name() { return "Keycloak"; }
            public Duration discoveryTimeout() { return timeout; }
        };
    }

    static JsonNode body(QueryConfig.Ui.Oidc s, OidcDiscovery d) throws Exception {
        return JSON.readTree(UiConfigRoute.body(Optional.ofNullable(s), Optional.ofNullable(d))
                .toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    static JsonNode body(String issuer, Duration timeout) throws Exception {
        return body(settings(issuer, timeout), new OidcDiscovery(issuer, timeout));
    }

    @Test
    void unsetMeansNoOidc() throws Exception {
        assertEquals(Optional.empty(), UiConfigRoute.configured(settings(null, Duration.ofSeconds(5))));
        JsonNode b = body((QueryConfig.Ui.Oidc) null, null);
        assertTrue(b.has("oidc") && b.get("oidc").isNull(), b.toString());
    }

    @Test
    void anIssuerWithoutAClientIdIsRefused() {
        QueryConfig.Ui.Oidc half = new QueryConfig.Ui.Oidc() {
            public Optional<String> issuer() { return Optional.of("https://kc.example/realms/r"); }
            public Optional<String> clientId() { return Optional.empty(); }
            public String scopes() { return "openid"; }
            public String name() { return "OIDC"; }
            public Duration discoveryTimeout() { return Duration.ofSeconds(5); }
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> UiConfigRoute.configured(half));
        assertTrue(e.getMessage().contains("tributary.query.ui.oidc.client-id"), e.getMessage());
    }

    @Test
    void setGivesTheEndpointsFetchedOnce() throws Exception {
        String issuer = provider(200, UiConfigTest::keycloakLike);
        QueryConfig.Ui.Oidc s = settings(issuer, Duration.ofSeconds(5));
        OidcDiscovery d = new OidcDiscovery(issuer, Duration.ofSeconds(5));
        JsonNode o = body(s, d).get("oidc");
        assertEquals("Keycloak", o.get("name").asText());
        assertEquals(issuer, o.get("issuer").asText());
        assertEquals("tributary-ui", o.get("client_id").asText());
        assertEquals("openid", o.get("scopes").asText());
        assertEquals(issuer + "/protocol/openid-connect/auth", o.get("authorization_endpoint").asText());
        assertEquals(issuer + "/protocol/openid-connect/token", o.get("token_endpoint").asText());
        assertFalse(o.has("error"));
        assertEquals(o, body(s, d).get("oidc"));
        assertEquals(1, fetches.get(), "the discovery document is fetched once");
    }

    @Test
    void unreachableProviderIsAClearErrorAndRetried() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String issuer = "http://127.0.0.1:" + port + "/realms/r";
        OidcDiscovery d = new OidcDiscovery(issuer, Duration.ofSeconds(2));
        JsonNode o = body(settings(issuer, Duration.ofSeconds(2)), d).get("oidc");
        assertEquals("Keycloak", o.get("name").asText());
        assertFalse(o.has("authorization_endpoint") || o.has("client_id"), o.toString());
        String error = o.get("error").asText();
        assertTrue(error.contains("cannot reach Keycloak") && error.contains(issuer + "/.well-known/openid-configuration"), error);
        assertTrue(error.contains("ConnectException"), error);
        // the provider comes up: the next request finds it (a failure is not kept)
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", x -> {
            byte[] b = keycloakLike(issuer).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        assertEquals(issuer + "/protocol/openid-connect/token",
                body(settings(issuer, Duration.ofSeconds(2)), d).get("oidc").get("token_endpoint").asText());
    }

    @Test
    void aSilentProviderTimesOut() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        server.start();
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/r";
        long t0 = System.nanoTime();
        String error = body(issuer, Duration.ofMillis(500)).get("oidc").get("error").asText();
        assertTrue(error.contains("HttpTimeoutException"), error);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void aDocumentOfAnotherIssuerOrWithoutEndpointsIsRefused() throws Exception {
        String issuer = provider(200, iss -> keycloakLike(iss + "-other"));
        assertTrue(body(issuer, Duration.ofSeconds(5)).get("oidc").get("error").asText()
                .contains("the document is for issuer \"" + issuer + "-other\""));
        stop();
        issuer = provider(200, iss -> "{\"issuer\":\"" + iss + "\",\"authorization_endpoint\":\"" + iss + "/auth\"}");
        assertTrue(body(issuer, Duration.ofSeconds(5)).get("oidc").get("error").asText().contains("no token_endpoint"));
        stop();
        issuer = provider(404, iss -> "not found");
        assertTrue(body(issuer, Duration.ofSeconds(5)).get("oidc").get("error").asText().contains("HTTP 404"));
        stop();
        issuer = provider(200, iss -> "<html>");
        assertTrue(body(issuer, Duration.ofSeconds(5)).get("oidc").get("error").asText().contains("not JSON"));
    }
}
