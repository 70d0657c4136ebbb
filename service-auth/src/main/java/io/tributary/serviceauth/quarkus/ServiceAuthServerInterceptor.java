package io.tributary.serviceauth.quarkus;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.tributary.serviceauth.ServiceAuthInterceptor;
import io.tributary.serviceauth.ServiceTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
            delegate = new ServiceAuthInterceptor(new ServiceTokenVerifier(config.effectiveIssuer(),
                    config.effectiveJwksUrl(), config.audience(), config.permission(), config.clockSkew(),
                    config.timeout()), config.openServices());
            LOG.infof("gRPC calls need a service token from %s (permission %s)", config.effectiveIssuer(),
                    config.permission());
        } else {
            delegate = null;
            LOG.warn("tributary.service-auth.enabled=false: gRPC calls are accepted without a service token");
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return delegate == null ? next.startCall(call, headers) : delegate.interceptCall(call, headers, next);
    }
}
