package io.tributary.serviceauth;

import io.grpc.Status;
import io.grpc.StatusException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Checks a service token: signed by services/auth (keys from its JWKS URL, cached, fetched again when a token
 * names an unknown kid), issued by the configured issuer for the configured audience, not expired, and carrying
 * the service permission. Verified tokens are cached until they expire.
 */
public final class ServiceTokenVerifier {

    /** The caller behind a valid service token. */
    public record Caller(String subject, List<String> permissions, long expiresAtMillis) {
    }

    /** The permission a service token carries (the bootstrap admin's {@code *} includes it). */
    public static final String SERVICE_PERMISSION = "tributary:service";

    private final JwtConsumer consumer;
    private final String audience;
    private final String permission;
    private final TokenCache<Caller> cache;
    private final Clock clock;

    public ServiceTokenVerifier(String issuer, String jwksUrl, String audience, String permission, Duration clockSkew,
                                Duration fetchTimeout) {
        this(issuer, new HttpsJwksVerificationKeyResolver(Jwts.httpsJwks(jwksUrl, fetchTimeout, Duration.ofMinutes(10))),
                audience, permission, clockSkew, Clock.systemUTC());
    }

    public ServiceTokenVerifier(String issuer, VerificationKeyResolver keys, String audience, String permission,
                                Duration clockSkew, Clock clock) {
        this.consumer = Jwts.consumer(issuer, keys, clockSkew).build();
        this.audience = audience;
        this.permission = permission;
        this.cache = new TokenCache<>(10_000);
        this.clock = clock;
    }

    /** Fetches the JWKS once now, so that the first call does not wait for it (failures are retried on use). */
    public static void prefetch(HttpsJwks jwks) {
        try {
            jwks.refresh();
        } catch (Exception retriedOnUse) {
            // auth may start after this service; the first token triggers another fetch
        }
    }

    /**
     * The caller of this authorization value ({@code Bearer <jwt>} or {@code token=<jwt>}). No or bad token:
     * UNAUTHENTICATED; valid but without the service permission: PERMISSION_DENIED; keys unreachable: UNAVAILABLE.
     */
    public Caller verify(String authorization) throws StatusException {
        String jwt = Jwts.fromAuthorization(authorization);
        long now = clock.millis();
        Caller cached = cache.get(jwt, now);
        if (cached != null) {
            return cached;
        }
        JwtClaims claims = Jwts.verify(consumer, jwt).getJwtClaims();
        Caller caller;
        try {
            if (!claims.hasAudience() || !claims.getAudience().contains(audience)) {
                throw Jwts.unauthenticated("wrong audience");
            }
            List<String> permissions = claims.hasClaim("permissions")
                    ? claims.getStringListClaimValue("permissions") : List.of();
            if (!permissions.contains(permission) && !permissions.contains("*")) {
                throw Status.PERMISSION_DENIED.withDescription("missing permission " + permission
                        + " (only Tributary's own services may call this service)").asException();
            }
            caller = new Caller(claims.getSubject(), List.copyOf(permissions),
                    claims.getExpirationTime().getValueInMillis());
        } catch (MalformedClaimException e) {
            throw Jwts.unauthenticated("malformed token: " + e.getMessage());
        }
        cache.put(jwt, caller, caller.expiresAtMillis(), now);
        return caller;
    }
}
