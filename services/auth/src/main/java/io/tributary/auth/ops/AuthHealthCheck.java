package io.tributary.auth.ops;

import io.tributary.auth.config.AuthConfig;
import io.tributary.auth.issuer.EmbeddedIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while auth can decide: the embedded issuer's signing key is loaded and every configured OIDC provider's JWKS
 * answers (its {@code jwks-url}, else the {@code jwks_uri} of its discovery document), each within
 * {@code tributary.auth.fetch-timeout}. A provider that is down makes its users' tokens fail, so auth is not ready.
 */
@Readiness
@ApplicationScoped
public class AuthHealthCheck implements HealthCheck {

    private static final Pattern JWKS_URI = Pattern.compile("\"jwks_uri\"\\s*:\\s*\"([^\"]+)\"");

    @Inject
    AuthConfig config;

    @Inject
    EmbeddedIssuer issuer;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("auth");
        boolean up = issuer.signingKey() != null && issuer.signingKey().privateKey() != null;
        b.withData("signing-key", up ? "loaded, kid " + issuer.signingKey().keyId() : "missing");
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.fetchTimeout()).build();
        for (Map.Entry<String, AuthConfig.Oidc> e : config.oidc().entrySet()) {
            String result = jwks(http, e.getValue());
            up &= result.startsWith("up");
            b.withData("oidc." + e.getKey(), result);
        }
        return b.status(up).build();
    }

    private String jwks(HttpClient http, AuthConfig.Oidc oidc) {
        try {
            String url = oidc.jwksUrl().orElse(null);
            if (url == null) {
                String iss = oidc.issuer();
                String discovery = get(http, iss + (iss.endsWith("/") ? "" : "/") + ".well-known/openid-configuration");
                Matcher m = JWKS_URI.matcher(discovery);
                if (!m.find()) {
                    return "down: discovery of " + iss + " has no jwks_uri";
                }
                url = m.group(1).replace("\\/", "/");
            }
            get(http, url);
            return "up, JWKS " + url;
        } catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "down: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage());
        }
    }

    private String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(config.fetchTimeout()).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new java.io.IOException(url + ": HTTP " + r.statusCode());
        }
        return r.body();
    }
}
