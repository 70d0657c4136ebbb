package io.tributary.auth.token;

import io.grpc.Status;
import io.grpc.StatusException;
import io.tributary.auth.config.AuthConfig;
import io.tributary.auth.issuer.EmbeddedIssuer;
import io.tributary.auth.oidc.OidcIssuer;
import io.tributary.serviceauth.Jwts;
import io.tributary.serviceauth.TokenCache;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Authenticates an authorization value against every trusted issuer: the token's (unverified) {@code iss} picks
 * the one issuer that must verify it; an unknown {@code iss} is refused. Verified tokens are cached by their text
 * until they expire. Nothing here fails open: an unexpected error is UNAUTHENTICATED.
 */
@ApplicationScoped
@Startup
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
    private final TokenCache<VerifiedToken> cache;

    @Inject
    public TokenVerifier(AuthConfig config, EmbeddedIssuer embedded) {
        this.cache = new TokenCache<>(config.tokenCacheEntries());
        add(embedded);
        config.oidc().forEach((name, oidc) -> add(new OidcIssuer(name, oidc, config.clockSkew(), config.fetchTimeout())));
        LOG.infof("trusted issuers: %s", issuers.keySet());
    }

    private void add(TrustedIssuer i) {
        if (issuers.putIfAbsent(i.issuer(), i) != null) {
            throw new IllegalArgumentException("issuer " + i.issuer() + " is configured twice");
        }
    }

    /** The verified token from the cache, or null (no work beyond parsing the header). */
    public VerifiedToken cached(String authorization) {
        try {
            return cache.get(Jwts.fromAuthorization(authorization), System.currentTimeMillis());
        } catch (StatusException e) {
            return null;
        }
    }

    public VerifiedToken authenticate(String authorization) throws StatusException {
        String jwt = Jwts.fromAuthorization(authorization);
        long now = System.currentTimeMillis();
        VerifiedToken hit = cache.get(jwt, now);
        if (hit != null) {
            return hit;
        }
        try {
            String iss = Jwts.unverifiedClaims(jwt).getIssuer();
            if (iss == null) {
                throw Jwts.unauthenticated("token has no iss");
            }
            TrustedIssuer issuer = issuers.get(iss);
            if (issuer == null) {
                throw Jwts.unauthenticated("untrusted issuer " + iss);
            }
            VerifiedToken v = issuer.verify(jwt);
            cache.put(jwt, v, v.expiresAtMillis(), now);
            return v;
        } catch (MalformedClaimException e) {
            throw Jwts.unauthenticated("malformed token: " + e.getMessage());
        } catch (StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("token verification failed unexpectedly", e);
            throw Status.UNAUTHENTICATED.withDescription("token could not be verified").asException();
        }
    }
}
