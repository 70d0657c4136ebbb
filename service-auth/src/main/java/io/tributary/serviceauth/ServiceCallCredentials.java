package io.tributary.serviceauth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * gRPC call credentials: {@code authorization: Bearer <service token>} from a {@link ServiceTokenSource}. Logging in
 * is blocking I/O, so it runs on a login thread of its own: the call's executor may be the transport thread (a
 * channel with {@code directExecutor}).
 */
public final class ServiceCallCredentials extends CallCredentials {

    private final ServiceTokenSource source;
    private final ExecutorService login = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "service-auth-login");
        t.setDaemon(true);
        return t;
    });

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
        login.execute(() -> {
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
