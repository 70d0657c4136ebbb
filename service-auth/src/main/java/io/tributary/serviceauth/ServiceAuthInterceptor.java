package io.tributary.serviceauth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refuses every gRPC call without a valid service token (UNAUTHENTICATED; PERMISSION_DENIED for a valid token
 * without the service permission), except calls to the open services (reflection, health).
 *
 * <p>Verification runs on the calling thread. A cached token costs a map lookup; a new token one signature check;
 * only an unknown kid fetches the JWKS (with a short timeout, at most once a second).
 */
public final class ServiceAuthInterceptor implements ServerInterceptor {

    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = Logger.getLogger(ServiceAuthInterceptor.class.getName());

    private final ServiceTokenVerifier verifier;
    private final Set<String> openServices;

    public ServiceAuthInterceptor(ServiceTokenVerifier verifier, Set<String> openServices) {
        this.verifier = verifier;
        this.openServices = Set.copyOf(openServices);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (openServices.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        try {
            verifier.verify(headers.get(AUTHORIZATION));
        } catch (StatusException e) {
            return refuse(call, e.getStatus());
        } catch (RuntimeException e) { // never fail open
            LOG.log(Level.WARNING, "service token check failed", e);
            return refuse(call, Status.UNAUTHENTICATED.withDescription("service token could not be checked"));
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
