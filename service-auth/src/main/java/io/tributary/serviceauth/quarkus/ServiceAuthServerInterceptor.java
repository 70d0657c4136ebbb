package io.tributary.serviceauth.quarkus;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.tributary.serviceauth.Pem;
import io.tributary.serviceauth.ServiceAuthInterceptor;
import io.tributary.serviceauth.ServiceTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Every gRPC service of the Quarkus app that indexes this library only answers Tributary's own services
 * (tributary.service-auth.enabled, default true). HTTP endpoints (health) are not gRPC and stay open.
 */
@ApplicationScoped
@GlobalInterceptor
public class ServiceAuthServerInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(ServiceAuthServerInterceptor.class);

    private final ServerInterceptor delegate;

    @Inject
    public ServiceAuthServerInterceptor(ServiceAuthConfig config) {
        if (config.enabled()) {
            delegate = new ServiceAuthInterceptor(verifier(config), config.openServices());
            LOG.infof("gRPC calls need a service token from %s (permission %s; keys from %s)", config.effectiveIssuer(),
                    config.permission(), config.issuerPublicKeyFile().map(Path::toString).orElse(config.effectiveJwksUrl()));
        } else {
            delegate = null;
            LOG.warn("tributary.service-auth.enabled=false: gRPC calls are accepted without a service token");
        }
    }

    private static ServiceTokenVerifier verifier(ServiceAuthConfig config) {
        if (config.issuerPublicKeyFile().isEmpty()) {
            return new ServiceTokenVerifier(config.effectiveIssuer(), config.effectiveJwksUrl(), config.audience(),
                    config.permission(), config.clockSkew(), config.timeout());
        }
        Path file = config.issuerPublicKeyFile().get();
        try {
            PublicKey key = Pem.publicKey(Files.readString(file));
            return new ServiceTokenVerifier(config.effectiveIssuer(), (jws, nesting) -> key, config.audience(),
                    config.permission(), config.clockSkew(), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("tributary.service-auth.issuer-public-key-file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return delegate == null ? next.startCall(call, headers) : delegate.interceptCall(call, headers, next);
    }
}
