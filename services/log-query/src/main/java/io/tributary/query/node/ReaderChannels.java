package io.tributary.query.node;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gRPC channel per reader endpoint, shared by all queries (HTTP/2 multiplexes their streams). Callbacks run
 * on the transport thread ({@code directExecutor}): listeners only parse and hand over to the query's thread.
 */
@ApplicationScoped
public class ReaderChannels {

    private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public ManagedChannel channel(String endpoint) {
        return channels.computeIfAbsent(endpoint, ReaderChannels::open);
    }

    public static ManagedChannel open(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("endpoint is not host:port: " + endpoint);
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return ManagedChannelBuilder.forAddress(host, Integer.parseInt(endpoint.substring(colon + 1)))
                .usePlaintext().directExecutor().maxInboundMessageSize(64 << 20).build();
    }

    @PreDestroy
    void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
