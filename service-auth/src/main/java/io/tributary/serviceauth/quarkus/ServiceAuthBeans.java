package io.tributary.serviceauth.quarkus;

import io.grpc.CallCredentials;
import io.tributary.serviceauth.Pem;
import io.tributary.serviceauth.ServiceCallCredentials;
import io.tributary.serviceauth.ServiceTokenSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The client side: {@link ServiceCredentials} for calls to other Tributary services. Enabled services that call
 * others must name their account and private key; a missing key file fails the start.
 */
@ApplicationScoped
public class ServiceAuthBeans {

    private static final Logger LOG = Logger.getLogger(ServiceAuthBeans.class);

    /** Call credentials to put on every call to another Tributary service; empty when service auth is disabled. */
    public record ServiceCredentials(Optional<CallCredentials> callCredentials) {
    }

    @Produces
    @Singleton
    ServiceCredentials credentials(ServiceAuthConfig config) {
        if (!config.enabled()) {
            return new ServiceCredentials(Optional.empty());
        }
        if (config.account().isEmpty() || config.privateKeyFile().isEmpty()) {
            LOG.warn("tributary.service-auth.account / private-key-file are not set: calls to other Tributary "
                    + "services go without a service token and will be refused");
            return new ServiceCredentials(Optional.empty());
        }
        try {
            ServiceTokenSource source = new ServiceTokenSource(config.url(), config.account().get(),
                    Pem.readPrivateKey(config.privateKeyFile().get()), config.timeout());
            return new ServiceCredentials(Optional.of(new ServiceCallCredentials(source)));
        } catch (IOException e) {
            throw new UncheckedIOException("tributary.service-auth.private-key-file "
                    + config.privateKeyFile().get() + ": " + e.getMessage(), e);
        }
    }
}
