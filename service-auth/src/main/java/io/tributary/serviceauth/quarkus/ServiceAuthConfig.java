package io.tributary.serviceauth.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Service-to-service authentication of a Tributary service (readers, topology). */
@ConfigMapping(prefix = "tributary.service-auth")
public interface ServiceAuthConfig {

    /** Refuse gRPC calls without a service token, and send one on calls to other Tributary services. */
    @WithDefault("true")
    boolean enabled();

    /** services/auth's base URL: its login endpoint, and the default JWKS URL and issuer. */
    @WithDefault("http://127.0.0.1:8082")
    String url();

    /** Where auth publishes its keys; default {@code <url>/.well-known/jwks.json}. */
    Optional<String> jwksUrl();

    /**
     * auth's token-signing public key (X.509 PEM, the public half of {@code tributary.auth.issuer.key-file}). When
     * set, service tokens are checked with it alone and auth's JWKS is never fetched: a service that only checks
     * tokens (a reader) then needs no connection to auth. Rotating auth's key means replacing this file too.
     */
    Optional<Path> issuerPublicKeyFile();

    /** The {@code iss} of service tokens (auth's {@code tributary.auth.issuer.url}); default: url. */
    Optional<String> issuer();

    /** The {@code aud} service tokens must carry (auth's {@code tributary.auth.issuer.audience}). */
    @WithDefault("tributary")
    String audience();

    /** The permission a caller's token must carry. */
    @WithDefault("tributary:service")
    String permission();

    /** gRPC services callable without a token. */
    @WithDefault("grpc.health.v1.Health,grpc.reflection.v1.ServerReflection,grpc.reflection.v1alpha.ServerReflection")
    Set<String> openServices();

    @WithDefault("30s")
    Duration clockSkew();

    /** Timeout of a JWKS fetch or a login. */
    @WithDefault("3s")
    Duration timeout();

    /** This service's own account at auth (needed by services that call others: topology). */
    Optional<String> account();

    /** The account's private key (PKCS#8 PEM); its public key is registered at auth. */
    Optional<Path> privateKeyFile();

    default String effectiveJwksUrl() {
        return jwksUrl().orElse(stripSlash(url()) + "/.well-known/jwks.json");
    }

    default String effectiveIssuer() {
        return issuer().orElse(stripSlash(url()));
    }

    private static String stripSlash(String u) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
