package io.tributary.serviceauth;

import io.grpc.Status;
import io.grpc.StatusException;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Locale;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.http.Get;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/** The JWT rules shared by services/auth and the service-token verifier (jose4j). */
public final class Jwts {

    /**
     * Signature algorithms accepted anywhere: asymmetric only. {@code none} and the HMAC family are refused, so a
     * token "signed" with a public key as an HMAC secret can never verify.
     */
    public static final AlgorithmConstraints ASYMMETRIC_ONLY = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder().setSkipAllValidators()
            .setDisableRequireSignature().setSkipSignatureVerification().setRelaxVerificationKeyValidation().build();

    private Jwts() {
    }

    /**
     * The JWT in an authorization value: {@code Bearer <jwt>} (scheme case-insensitive) or DC/OS's
     * {@code token=<jwt>}. Missing or another scheme: UNAUTHENTICATED.
     */
    public static String fromAuthorization(String authorization) throws StatusException {
        if (authorization == null || authorization.isBlank()) {
            throw unauthenticated("no credentials: send 'Authorization: Bearer <token>' or 'Authorization: token=<token>'");
        }
        String a = authorization.strip();
        String jwt;
        if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            jwt = a.substring(7).strip();
        } else if (a.startsWith("token=")) {
            jwt = a.substring(6).strip();
        } else {
            throw unauthenticated("unsupported authorization scheme: use 'Bearer <token>' or 'token=<token>'");
        }
        if (jwt.isEmpty()) {
            throw unauthenticated("empty token");
        }
        return jwt;
    }

    /** The claims of a JWT without checking anything but its shape (to pick the issuer that must verify it). */
    public static JwtClaims unverifiedClaims(String jwt) throws StatusException {
        try {
            return UNVERIFIED.processToClaims(jwt);
        } catch (InvalidJwtException e) {
            throw unauthenticated("malformed token: not a signed JWT");
        }
    }

    /**
     * A consumer that requires a signature by one of the issuer's keys, exp, and the issuer. The audience is left to
     * the caller, who must check it (jose4j's own audience check is switched off here and cannot be switched back on).
     */
    public static JwtConsumerBuilder consumer(String issuer, VerificationKeyResolver keys, Duration clockSkew) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()))
                .setExpectedIssuer(true, issuer)
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(ASYMMETRIC_ONLY)
                .setSkipDefaultAudienceValidation();
    }

    /** A JWKS document at an HTTP(S) URL, cached; jose4j's resolver fetches it again when a token names an unknown kid. */
    public static HttpsJwks httpsJwks(String url, Duration timeout, Duration cacheDuration) {
        HttpsJwks jwks = new HttpsJwks(url);
        Get get = new Get();
        get.setConnectTimeout((int) timeout.toMillis());
        get.setReadTimeout((int) timeout.toMillis());
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(cacheDuration.toSeconds());
        jwks.setRetainCacheOnErrorDuration(cacheDuration.toSeconds());
        // an unknown kid refreshes the set, but not more than once a second (no fetch storm from bad tokens)
        jwks.setRefreshReprieveThreshold(1000);
        return jwks;
    }

    /** Verifies; a bad token → UNAUTHENTICATED naming what is wrong, keys that cannot be fetched → UNAVAILABLE. */
    public static JwtContext verify(JwtConsumer consumer, String jwt) throws StatusException {
        try {
            return consumer.process(jwt);
        } catch (InvalidJwtException e) {
            throw failure(e);
        }
    }

    static StatusException failure(InvalidJwtException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return Status.UNAVAILABLE.withDescription("cannot fetch the issuer's keys: " + c.getMessage()).asException();
            }
        }
        String why;
        if (e.hasExpired()) {
            why = "token expired";
        } else if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            why = "token not yet valid";
        } else if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            why = "wrong issuer";
        } else if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            why = "wrong audience";
        } else if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            why = "bad signature";
        } else if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            why = "token has no exp";
        } else if (e.getCause() instanceof UnresolvableKeyException) {
            why = "signed with a key the issuer does not publish";
        } else if (e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM) || e.hasErrorCode(ErrorCodes.JSON_INVALID)) {
            why = "malformed token";
        } else {
            String alg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            why = alg.contains("algorithm") ? "signature algorithm not allowed (asymmetric RS/PS/ES only)" : "invalid token";
        }
        return unauthenticated(why);
    }

    /** Signs claims with RS256 (RSA key) or ES256 (P-256 key), with the kid header when given. */
    public static String sign(JwtClaims claims, PrivateKey key, String keyId) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        if (keyId != null) {
            jws.setKeyIdHeaderValue(keyId);
        }
        jws.setAlgorithmHeaderValue(key instanceof ECPrivateKey ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                : AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    public static StatusException unauthenticated(String why) {
        return Status.UNAUTHENTICATED.withDescription(why).asException();
    }
}
