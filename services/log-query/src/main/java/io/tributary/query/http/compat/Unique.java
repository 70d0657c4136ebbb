package io.tributary.query.http.compat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.UniqueRequest;
import io.tributary.proto.journal.v1.UniqueResponse;
import io.tributary.proto.topology.v1.Node;
import io.tributary.query.node.ReaderChannels;
import io.tributary.query.query.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The distinct values of a field over some nodes' journals (reader Unique), merged and sorted bytewise. */
public final class Unique {

    private Unique() {
    }

    /** Every node's values; 503 naming the node when one fails (a partial list would be silently wrong). */
    public static CompletableFuture<TreeSet<ByteString>> values(ReaderChannels channels, Duration timeout, List<Node> nodes,
                                                              String field) {
        List<CompletableFuture<List<ByteString>>> calls = new ArrayList<>();
        for (Node n : nodes) {
            calls.add(one(channels, timeout, n, field));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
            TreeSet<ByteString> all = new TreeSet<>(ByteString.unsignedLexicographicalComparator());
            calls.forEach(c -> all.addAll(c.join()));
            return all;
        });
    }

    private static CompletableFuture<List<ByteString>> one(ReaderChannels channels, Duration timeout, Node n, String field) {
        CompletableFuture<List<ByteString>> f = new CompletableFuture<>();
        List<ByteString> values = new ArrayList<>();
        JournalReaderGrpc.newStub(channels.channel(n.getEndpoint()))
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .unique(UniqueRequest.newBuilder().setField(field).build(), new StreamObserver<UniqueResponse>() {
                    @Override
                    public void onNext(UniqueResponse r) {
                        values.addAll(r.getValuesList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status s = Status.fromThrowable(t);
                        f.completeExceptionally(new ApiException(503, "unavailable", "node " + n.getNodeId() + " ("
                                + n.getEndpoint() + ") failed: " + s.getCode() + ": " + s.getDescription()));
                    }

                    @Override
                    public void onCompleted() {
                        f.complete(values);
                    }
                });
        return f;
    }
}
