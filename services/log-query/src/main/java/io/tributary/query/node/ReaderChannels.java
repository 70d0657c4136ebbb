package io.tributary.query.node;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tributary.query.auth.ServiceCalls;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gRPC channel per reader endpoint, shared by all queries (HTTP/2 multiplexes their streams). Callbacks run
 * on the transport thread ({@code directExecutor}): listeners only parse and hand over to the query's thread.
 * Every call carries log-query's service token ({@link ServiceCalls}) when service auth is on.
 */
@ApplicationScoped
public class ReaderChannels {

    private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    @Inject
    ServiceCalls serviceCalls;

    public ManagedChannel channel(String endpoint) {
        return channels.computeIfAbsent(endpoint, e -> open(e, serviceCalls.interceptor()));
    }

    public static ManagedChannel open(String endpoint) {
        return open(endpoint, null);
    }

    /** A channel to host:port; interceptor (may be null) sees every call (the service token). */
    public static ManagedChannel open(String endpoint, ClientInterceptor interceptor) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("endpoint is not host:port: " + endpoint);
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        ManagedChannelBuilder<?> b = ManagedChannelBuilder.forAddress(host, Integer.parseInt(endpoint.substring(colon + 1)))
                .usePlaintext().directExecutor().maxInboundMessageSize(64 << 20);
        if (interceptor != null) {
            b.intercept(interceptor);
        }
        return b.build();
    }

    @PreDestroy
    void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
