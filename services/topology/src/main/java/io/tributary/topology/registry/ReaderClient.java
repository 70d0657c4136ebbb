package io.tributary.topology.registry;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.journal.v1.DescribeRequest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.NodeInfo;
import io.tributary.proto.journal.v1.UniqueRequest;
import io.tributary.proto.journal.v1.UniqueResponse;
import io.tributary.topology.source.Endpoints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One reader's gRPC channel and the two calls topology makes on it. Channels are made here, not by
 * {@code @GrpcClient}, because endpoints come and go at runtime. Every call has a deadline and is asynchronous:
 * nothing waits on a slow reader.
 */
public final class ReaderClient implements AutoCloseable {

    private final String endpoint;
    private final ManagedChannel channel;
    private final Duration timeout;
    /** The service token on every call (null: none, service auth disabled). */
    private final CallCredentials credentials;

    public ReaderClient(String endpoint, Duration timeout, CallCredentials credentials) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.credentials = credentials;
        this.channel = ManagedChannelBuilder.forAddress(Endpoints.host(endpoint), Endpoints.port(endpoint))
                .usePlaintext().build();
    }

    public String endpoint() {
        return endpoint;
    }

    public CompletableFuture<NodeInfo> describe() {
        CompletableFuture<NodeInfo> result = new CompletableFuture<>();
        Futures.addCallback(JournalReaderGrpc.newFutureStub(channel).withCallCredentials(credentials).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .describe(DescribeRequest.getDefaultInstance()), new FutureCallback<>() {
                    @Override
                    public void onSuccess(NodeInfo info) {
                        result.complete(info);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        result.completeExceptionally(t);
                    }
                }, MoreExecutors.directExecutor());
        return result;
    }

    /** The distinct values of each field, as text (IDs are ASCII; a non-UTF-8 value is decoded leniently). */
    public CompletableFuture<Map<String, Set<String>>> unique(List<String> fields) {
        Map<String, CompletableFuture<Set<String>>> calls = new LinkedHashMap<>();
        for (String field : fields) {
            calls.put(field, unique(field));
        }
        return CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Set<String>> r = new LinkedHashMap<>();
            calls.forEach((f, c) -> r.put(f, c.join()));
            return r;
        });
    }

    private CompletableFuture<Set<String>> unique(String field) {
        CompletableFuture<Set<String>> result = new CompletableFuture<>();
        Set<String> values = new HashSet<>();
        // A journal of a long-lived node can hold many task ids: allow more time than one Describe.
        JournalReaderGrpc.newStub(channel).withCallCredentials(credentials).withDeadlineAfter(timeout.toMillis() * 4, TimeUnit.MILLISECONDS)
                .unique(UniqueRequest.newBuilder().setField(field).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(UniqueResponse r) {
                        r.getValuesList().forEach(v -> values.add(v.toString(StandardCharsets.UTF_8)));
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(values);
                    }
                });
        return result;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
