package io.tributary.auth.oidc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.tributary.auth.config.AuthConfig;
import io.tributary.auth.token.TrustedIssuer;
import io.tributary.auth.token.VerifiedToken;
import io.tributary.serviceauth.Jwts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * A trusted OIDC provider (a Keycloak realm): keys from its JWKS (found through discovery unless configured),
 * cached and fetched again when a token names an unknown kid, so a rotated realm key works without a restart.
 * Checks the signature (asymmetric algorithms only), iss, exp/nbf within the clock skew, and the audience;
 * permissions come from roles and groups ({@link RoleMapping}).
 *
 * <p>Discovery is done on first use, not at start (the provider may start later); a failed discovery is retried at
 * most every 5 s, and until it succeeds tokens of this issuer get UNAVAILABLE.
 */
public final class OidcIssuer implements TrustedIssuer {

    private static final Logger LOG = Logger.getLogger(OidcIssuer.class);
    private static final long DISCOVERY_RETRY_MILLIS = 5_000;

    private final String name;
    private final AuthConfig.Oidc config;
    private final Duration clockSkew;
    private final Duration timeout;
    private final RoleMapping roles;
    private volatile JwtConsumer consumer;
    private long lastDiscoveryAttempt;
    private String lastDiscoveryError;

    public OidcIssuer(String name, AuthConfig.Oidc config, Duration clockSkew, Duration timeout) {
        this.name = name;
        this.config = config;
        this.clockSkew = clockSkew;
        this.timeout = timeout;
        this.roles = new RoleMapping(config, "tributary.auth.oidc." + name + ".roles");
        if (config.audiences().isEmpty()) {
            throw new IllegalArgumentException("tributary.auth.oidc." + name + ".audiences: at least one is required");
        }
    }

    @Override
    public String issuer() {
        return config.issuer();
    }

    @Override
    public VerifiedToken verify(String jwt) throws StatusException {
        JwtClaims c = Jwts.verify(consumer(), jwt).getJwtClaims();
        try {
            checkAudience(c);
            String sub = c.getSubject();
            if (sub == null || sub.isEmpty()) {
                throw Jwts.unauthenticated("token has no sub");
            }
            Object n = c.getClaimValue(config.nameClaim());
            return VerifiedToken.of(sub, n instanceof String s ? s : sub, issuer(), roles.permissions(c),
                    c.getExpirationTime().getValueInMillis());
        } catch (MalformedClaimException e) {
            throw Jwts.unauthenticated("malformed token: " + e.getMessage());
        }
    }

    private void checkAudience(JwtClaims c) throws MalformedClaimException, StatusException {
        List<String> aud = c.hasAudience() ? c.getAudience() : List.of();
        for (String a : config.audiences()) {
            if (aud.contains(a)) {
                return;
            }
        }
        Object azp = c.getClaimValue("azp");
        if (config.acceptAzp() && azp instanceof String s && config.audiences().contains(s)) {
            return;
        }
        throw Jwts.unauthenticated("wrong audience: token is for " + (aud.isEmpty() ? "azp " + azp : aud)
                + ", expected one of " + config.audiences());
    }

    private JwtConsumer consumer() throws StatusException {
        JwtConsumer c = consumer;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (consumer != null) {
                return consumer;
            }
            long now = System.currentTimeMillis();
            if (lastDiscoveryError != null && now - lastDiscoveryAttempt < DISCOVERY_RETRY_MILLIS) {
                throw Status.UNAVAILABLE.withDescription(lastDiscoveryError).asException();
            }
            lastDiscoveryAttempt = now;
            try {
                String jwksUrl = config.jwksUrl().isPresent() ? config.jwksUrl().get() : discoverJwksUrl();
                consumer = Jwts.consumer(issuer(), new HttpsJwksVerificationKeyResolver(
                        Jwts.httpsJwks(jwksUrl, timeout, config.jwksCacheDuration())), clockSkew).build();
                lastDiscoveryError = null;
                LOG.infof("oidc issuer %s (%s): keys from %s", name, issuer(), jwksUrl);
                return consumer;
            } catch (IOException e) {
                lastDiscoveryError = "OIDC issuer " + issuer() + " unreachable: " + e.getMessage();
                LOG.warn(lastDiscoveryError);
                throw Status.UNAVAILABLE.withDescription(lastDiscoveryError).asException();
            }
        }
    }

    private String discoverJwksUrl() throws IOException {
        String url = issuer() + (issuer().endsWith("/") ? "" : "/") + ".well-known/openid-configuration";
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("discovery " + url + ": HTTP " + r.statusCode());
            }
            Map<String, Object> doc = JsonUtil.parseJson(r.body());
            if (!issuer().equals(doc.get("issuer"))) {
                throw new IOException("discovery " + url + " names issuer " + doc.get("issuer") + ", not " + issuer());
            }
            if (!(doc.get("jwks_uri") instanceof String jwks)) {
                throw new IOException("discovery " + url + " has no jwks_uri");
            }
            return jwks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (JoseException e) {
            throw new IOException("discovery " + url + ": not JSON", e);
        }
    }
}
