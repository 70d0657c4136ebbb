package io.tributary.query.http.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The two endpoints the browser's sign-in needs, from the provider's discovery document
 * ({@code <issuer>/.well-known/openid-configuration}), fetched by log-query so the page does not depend on the
 * provider allowing cross-origin reads of it. Fetched lazily (the first page load), with a deadline; a success is
 * kept for the process's life, a failure is forgotten so the next page load tries again.
 */
public final class OidcDiscovery {

    /** Where the page sends the user (authorization_endpoint) and posts the code (token_endpoint). */
    public record Endpoints(String authorization, String token) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final Duration timeout;
    private final HttpClient http;
    private CompletableFuture<Endpoints> endpoints; // guarded by this

    public OidcDiscovery(String issuer, Duration timeout) {
        this.issuer = issuer;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The endpoints; completes exceptionally with an IOException whose message says what went wrong. */
    public synchronized CompletableFuture<Endpoints> endpoints() {
        if (endpoints == null || endpoints.isCompletedExceptionally()) {
            endpoints = fetch();
        }
        return endpoints;
    }

    private CompletableFuture<Endpoints> fetch() {
        String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json").build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IOException("not a URL: " + url));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, err) -> {
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                throw new CompletionException(new IOException(url + ": " + describe(c), c));
            }
            if (r.statusCode() != 200) {
                throw new CompletionException(new IOException(url + ": HTTP " + r.statusCode()));
            }
            try {
                return parse(issuer, r.body());
            } catch (IOException e) {
                throw new CompletionException(new IOException(url + ": " + e.getMessage(), e));
            }
        });
    }

    /** The endpoints of a discovery document, which must be the issuer's own (OIDC Discovery 1.0, section 4.3). */
    static Endpoints parse(String issuer, String body) throws IOException {
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("not JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw new IOException("not a JSON object");
        }
        String iss = doc.path("issuer").asText("");
        if (!iss.equals(issuer)) {
            throw new IOException("the document is for issuer \"" + iss + "\", not \"" + issuer + "\"");
        }
        return new Endpoints(endpoint(doc, "authorization_endpoint"), endpoint(doc, "token_endpoint"));
    }

    private static String endpoint(JsonNode doc, String name) throws IOException {
        String url = doc.path(name).asText("");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IOException("no " + name);
        }
        return url;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
    }
}
