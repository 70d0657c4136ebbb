package io.tributary.auth.issuer;

import io.grpc.StatusException;
import io.tributary.auth.config.AuthConfig;
import io.tributary.auth.token.TrustedIssuer;
import io.tributary.auth.token.VerifiedToken;
import io.tributary.proto.auth.v1.LoginResponse;
import io.tributary.serviceauth.Jwts;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Auth's own issuer: signs tokens (RS256) for the users and service accounts of the {@link Directory}, and
 * verifies them. A verified token's permissions are the account's current ones from configuration (so an account
 * removed from configuration is refused at once); the {@code permissions} claim in the token is for offline
 * verifiers (the readers' service-token check).
 */
@ApplicationScoped
@Startup
public class EmbeddedIssuer implements TrustedIssuer {

    private final AuthConfig.Issuer config;
    private final SigningKey key;
    private final Directory directory;
    private final JwtConsumer consumer;
    private final Duration clockSkew;

    @Inject
    public EmbeddedIssuer(AuthConfig config) {
        try {
            this.config = config.issuer();
            this.key = SigningKey.load(config);
            this.directory = new Directory(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.clockSkew = config.clockSkew();
        this.consumer = Jwts.consumer(issuer(), new JwksVerificationKeyResolver(List.<JsonWebKey>of(key.jwk())), clockSkew)
                .setRequireSubject().build();
    }

    @Override
    public String issuer() {
        return stripSlash(config.url());
    }

    public SigningKey signingKey() {
        return key;
    }

    @Override
    public VerifiedToken verify(String jwt) throws StatusException {
        JwtClaims c = Jwts.verify(consumer, jwt).getJwtClaims();
        try {
            if (!c.hasAudience() || !c.getAudience().contains(config.audience())) {
                throw Jwts.unauthenticated("wrong audience: expected " + config.audience());
            }
            String uid = c.getSubject();
            Directory.Account a = directory.find(uid)
                    .orElseThrow(() -> Jwts.unauthenticated("unknown uid '" + uid + "'"));
            return VerifiedToken.of(uid, uid, issuer(), a.permissions(), c.getExpirationTime().getValueInMillis());
        } catch (MalformedClaimException e) {
            throw Jwts.unauthenticated("malformed token: " + e.getMessage());
        }
    }

    /**
     * The DC/OS login: a user's password, or a service account's login JWT (claims {@code uid} and {@code exp},
     * signed with the account's private key). Unknown uid, wrong password or a bad login token: UNAUTHENTICATED,
     * with the same message for unknown uid and wrong password.
     */
    public LoginResponse login(String uid, String password, String loginToken) throws StatusException {
        boolean hasPassword = password != null && !password.isEmpty();
        boolean hasToken = loginToken != null && !loginToken.isEmpty();
        if (uid == null || uid.isEmpty() || hasPassword == hasToken) {
            throw Jwts.unauthenticated("send uid and either password or token");
        }
        Optional<Directory.Account> account = directory.find(uid);
        if (hasPassword) {
            if (account.isEmpty() || account.get().passwordHash() == null
                    || !account.get().passwordHash().matches(password.toCharArray())) {
                throw Jwts.unauthenticated("wrong uid or password");
            }
        } else {
            if (account.isEmpty() || account.get().publicKey() == null) {
                throw Jwts.unauthenticated("no service account '" + uid + "'");
            }
            checkLoginToken(account.get(), loginToken);
        }
        return issue(account.get());
    }

    private void checkLoginToken(Directory.Account a, String loginToken) throws StatusException {
        JwtConsumer c = new org.jose4j.jwt.consumer.JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setMaxFutureValidityInMinutes((int) Math.max(1, config.maxLoginTokenLifetime().toMinutes()))
                .setAllowedClockSkewInSeconds((int) clockSkew.toSeconds())
                .setVerificationKey(a.publicKey())
                .setJwsAlgorithmConstraints(Jwts.ASYMMETRIC_ONLY)
                .setSkipDefaultAudienceValidation().build();
        JwtClaims claims = Jwts.verify(c, loginToken).getJwtClaims();
        Object uid = claims.getClaimValue("uid");
        if (!a.uid().equals(uid)) {
            throw Jwts.unauthenticated("login token is for uid '" + uid + "', not '" + a.uid() + "'");
        }
    }

    private LoginResponse issue(Directory.Account a) {
        long now = System.currentTimeMillis();
        long exp = now + config.tokenLifetime().toMillis();
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer());
        c.setSubject(a.uid());
        c.setClaim("uid", a.uid());
        c.setAudience(config.audience());
        c.setIssuedAt(NumericDate.fromMilliseconds(now));
        c.setNotBefore(NumericDate.fromMilliseconds(now));
        c.setExpirationTime(NumericDate.fromMilliseconds(exp));
        c.setJwtId(UUID.randomUUID().toString());
        c.setStringListClaim("permissions", a.permissions());
        // NumericDate has second precision: report what the token says
        long expSeconds = exp / 1000;
        return LoginResponse.newBuilder().setToken(Jwts.sign(c, key.privateKey(), key.keyId()))
                .setExpiresAtUsec(expSeconds * 1_000_000).build();
    }

    /** {"keys":[...]} with the public key only. */
    public String jwksJson() {
        return "{\"keys\":[" + key.publicJwkJson() + "]}";
    }

    public Map<String, Object> discovery() {
        String iss = issuer();
        return Map.of("issuer", iss,
                "jwks_uri", iss + "/.well-known/jwks.json",
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "token_endpoint_auth_methods_supported", List.of("private_key_jwt"),
                "response_types_supported", List.of("token"),
                "subject_types_supported", List.of("public"),
                "claims_supported", List.of("iss", "sub", "uid", "aud", "exp", "iat", "nbf", "jti", "permissions"));
    }

    private static String stripSlash(String u) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
