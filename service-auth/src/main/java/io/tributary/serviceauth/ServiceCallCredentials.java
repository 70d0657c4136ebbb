package io.tributary.serviceauth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;

/** gRPC call credentials: {@code authorization: Bearer <service token>} from a {@link ServiceTokenSource}. */
public final class ServiceCallCredentials extends CallCredentials {

    private final ServiceTokenSource source;

    public ServiceCallCredentials(ServiceTokenSource source) {
        this.source = source;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
        String cached = source.cached();
        if (cached != null) {
            applier.apply(headers(cached));
            return;
        }
        appExecutor.execute(() -> { // logging in is blocking I/O: never on the transport thread
            try {
                applier.apply(headers(source.token()));
            } catch (Exception e) {
                applier.fail(Status.UNAVAILABLE.withDescription("no service token: " + e.getMessage()).withCause(e));
            }
        });
    }

    private static Metadata headers(String token) {
        Metadata m = new Metadata();
        m.put(ServiceAuthInterceptor.AUTHORIZATION, "Bearer " + token);
        return m;
    }
}
