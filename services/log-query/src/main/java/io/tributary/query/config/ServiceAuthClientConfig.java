package io.tributary.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * log-query's side of service-to-service auth: the service token it presents to the readers and topology (the same
 * {@code tributary.service-auth.*} properties as those services). Only the client half: log-query's own gRPC API is
 * public and its callers' credentials go to auth, so the service-auth library's server interceptor is not used here.
 */
@ConfigMapping(prefix = "tributary.service-auth")
public interface ServiceAuthClientConfig {

    /** Send a service token on calls to readers and topology. */
    @WithDefault("true")
    boolean enabled();

    /** services/auth's base URL (its login endpoint). */
    @WithDefault("http://127.0.0.1:8082")
    String url();

    /** log-query's service account at auth. */
    @WithDefault("log-query")
    String account();

    /** The account's private key (PKCS#8 PEM); its public key is registered at auth. */
    Optional<Path> privateKeyFile();

    /** Timeout of a login. */
    @WithDefault("3s")
    Duration timeout();
}
