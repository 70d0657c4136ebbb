package io.tributary.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Who auth trusts, who it knows, and how long things last. */
@ConfigMapping(prefix = "tributary.auth")
public interface AuthConfig {

    /** Where auth keeps its generated key pair and the bootstrap admin's password (owner-only files). */
    @WithDefault("/var/lib/tributary/auth")
    Path stateDir();

    /** Allowed difference between this clock and an issuer's for exp/nbf. */
    @WithDefault("60s")
    Duration clockSkew();

    /** Verified tokens kept (by their text, until they expire): a repeated token skips the signature check. */
    @WithDefault("10000")
    int tokenCacheEntries();

    /** Timeout of an HTTP fetch from an OIDC provider (discovery, JWKS). */
    @WithDefault("3s")
    Duration fetchTimeout();

    Issuer issuer();

    BootstrapAdmin bootstrapAdmin();

    /** Locally configured users: uid → password hash and permissions. */
    Map<String, User> users();

    /** Service accounts: uid → registered public key and permissions. */
    @WithName("service-accounts")
    Map<String, ServiceAccount> serviceAccounts();

    /** Trusted OIDC providers by a name of your choice (e.g. keycloak). */
    Map<String, Oidc> oidc();

    /** The embedded issuer: auth's own tokens. */
    interface Issuer {
        /** The {@code iss} of the tokens auth signs; other tools find the discovery document under it. */
        @WithDefault("http://127.0.0.1:8082")
        String url();

        /** The {@code aud} of the tokens auth signs (and requires of them). */
        @WithDefault("tributary")
        String audience();

        /** Token lifetime. */
        @WithDefault("8h")
        Duration tokenLifetime();

        /** A configured RS256 key (PKCS#8 PEM) for clusters, shared by every auth instance; unset: generated once. */
        Optional<Path> keyFile();

        /** Longest lifetime a service account's login JWT may claim (its exp − now). */
        @WithDefault("10m")
        Duration maxLoginTokenLifetime();
    }

    interface BootstrapAdmin {
        /** The bootstrap admin {@code admin} with every permission (password: env or generated once). */
        @WithDefault("true")
        boolean enabled();

        /** The admin's password (TRIBUTARY_AUTH_BOOTSTRAP_ADMIN_PASSWORD); unset: generated once and stored. */
        Optional<String> password();
    }

    interface User {
        /** {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}: java -jar quarkus-run.jar hash-password */
        String passwordHash();

        Optional<List<String>> permissions();
    }

    interface ServiceAccount {
        /** The account's public key, PEM text (X.509 SubjectPublicKeyInfo, RSA or EC). */
        Optional<String> publicKey();

        /** Or a file holding it. */
        Optional<Path> publicKeyFile();

        /** Default: tributary:service. */
        @WithDefault("tributary:service")
        List<String> permissions();
    }

    interface Oidc {
        /** The exact {@code iss} (e.g. https://keycloak.example/realms/tributary). */
        String issuer();

        /** JWKS URL; unset: taken from {@code <issuer>/.well-known/openid-configuration}. */
        Optional<String> jwksUrl();

        /**
         * Accepted audiences: a token passes when its {@code aud} holds one of them, or (accept-azp) when its
         * {@code azp} is one of them (Keycloak's tokens for a client carry no aud naming it unless an audience
         * mapper adds one).
         */
        List<String> audiences();

        @WithDefault("true")
        boolean acceptAzp();

        /**
         * Role → permissions: realm roles by name, client roles as {@code <client-id>/<role>}, groups as
         * {@code group:<name or path>}. Quote keys holding dots or slashes: {@code ...roles."/ops"=logs:*}.
         */
        Map<String, List<String>> roles();

        /** A role or group whose name is itself a permission (or a DC/OS alias) grants it. */
        @WithDefault("true")
        boolean rolesArePermissions();

        /** Claim shown as the principal's name. */
        @WithDefault("preferred_username")
        String nameClaim();

        /** How long fetched keys are kept before they are fetched again (an unknown kid fetches at once). */
        @WithDefault("10m")
        Duration jwksCacheDuration();
    }
}
