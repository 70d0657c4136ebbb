package io.tributary.reader.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.tributary.proto.journal.v1.DescribeRequest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.NodeInfo;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.proto.journal.v1.UniqueRequest;
import io.tributary.proto.journal.v1.UniqueResponse;
import io.tributary.reader.config.JournalConfig;
import io.tributary.reader.config.ReaderConfig;
import io.tributary.reader.follow.NodeIdentity;
import io.tributary.reader.follow.ReadTasks;
import io.tributary.reader.ops.OpenReads;
import io.tributary.reader.ops.ReaderMetrics;
import io.tributary.reader.read.InvalidRequestException;
import io.tributary.reader.read.ReadSpec;
import io.tributary.reader.sdjournal.FieldNames;
import io.tributary.reader.sdjournal.Journal;
import io.tributary.reader.sdjournal.JournalException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The gRPC face of the reader. Implemented on grpc-java's ImplBase (not Mutiny) for real flow control: see
 * {@link Outbox}.
 */
@GrpcService
public class JournalReaderService extends JournalReaderGrpc.JournalReaderImplBase {

    private static final int UNIQUE_CHUNK = 1000;

    @Inject
    ReaderConfig config;

    @Inject
    JournalConfig journalConfig;

    @Inject
    ReadTasks readTasks;

    @Inject
    NodeIdentity node;

    @Inject
    OpenReads reads;

    @Inject
    ReaderMetrics metrics;

    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return RawResponses.bind(super.bindService());
    }

    @Override
    public void read(ReadRequest request, StreamObserver<ReadResponse> observer) {
        ReadSpec spec;
        try {
            spec = ReadSpec.from(request, config.batchEntries(), config.maxBatchEntries());
        } catch (InvalidRequestException e) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        var call = (ServerCallStreamObserver<ReadResponse>) observer;
        Outbox outbox = new Outbox(call, spec.batchEntries(), config.batchBytes(),
                spec.batchEntries() * config.followerQueueBatches());
        reads.opened(outbox, metrics);
        if (!readTasks.start(spec, outbox)) {
            outbox.fail(Status.RESOURCE_EXHAUSTED
                    .withDescription("reader busy: " + config.maxRangeStreams() + " streams are reading history"));
            outbox.drain();
        }
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<NodeInfo> observer) {
        Reply.answer(observer, () -> {
            try (Journal journal = Journal.open(journalConfig.source())) {
                NodeInfo.Builder info = NodeInfo.newBuilder()
                        .setMachineId(node.machineId())
                        .setBootId(node.bootId())
                        .setHostname(node.hostname())
                        .setAgentId(config.agentId().orElse(""))
                        .setNodeName(config.nodeName().orElse(""))
                        .setEndpoint(config.endpoint().orElse(""))
                        .setUsageBytes(journal.usage())
                        .setSource(journal.source().toString());
                journal.cutoffRealtime().ifPresent(span -> info.setFirstRealtimeUsec(span[0]).setLastRealtimeUsec(span[1]));
                return List.of(info.build());
            } catch (JournalException e) {
                throw unavailable(e);
            }
        });
    }

    @Override
    public void unique(UniqueRequest request, StreamObserver<UniqueResponse> observer) {
        Reply.answer(observer, () -> {
            if (!FieldNames.isValid(request.getField())) {
                throw Status.INVALID_ARGUMENT.withDescription("invalid field name '" + request.getField()
                        + "' (A-Z, 0-9, _; not starting with a digit; at most 64)").asException();
            }
            List<byte[]> values;
            try (Journal journal = Journal.open(journalConfig.source())) {
                values = journal.unique(request.getField());
            } catch (JournalException e) {
                throw unavailable(e);
            }
            List<UniqueResponse> chunks = new ArrayList<>();
            for (int i = 0; i < values.size(); i += UNIQUE_CHUNK) {
                UniqueResponse.Builder chunk = UniqueResponse.newBuilder();
                values.subList(i, Math.min(values.size(), i + UNIQUE_CHUNK))
                        .forEach(v -> chunk.addValues(UnsafeByteOperations.unsafeWrap(v)));
                chunks.add(chunk.build());
            }
            return chunks;
        });
    }

    private static StatusException unavailable(JournalException e) {
        return Status.UNAVAILABLE.withDescription("cannot read the journal: " + e.getMessage()).asException();
    }
}
