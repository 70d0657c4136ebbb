package io.tributary.reader.grpc;

import static io.tributary.reader.grpc.ReadRangeTest.group;
import static io.tributary.reader.grpc.ReadRangeTest.match;
import static io.tributary.reader.grpc.Reads.afterCursor;
import static io.tributary.reader.grpc.Reads.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.reader.sdjournal.JournalWriter;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.PrivateJournald;
import io.tributary.testkit.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The packaged reader in its own JVM, reached over the network: restarts, reflection, a missing journal. */
class ReaderProcessIT {

    private static ServiceProcess reader(String property, String value, int port) throws Exception {
        return ServiceProcess.quarkusApp(Path.of("."))
                .systemProperty("quarkus.http.port", port)
                .systemProperty(property, value)
                .waitForPort(port).start();
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @Test
    void aRangeResumedAfterAReaderRestartLosesAndRepeatsNothing() throws Exception {
        JournalGenerator gen = JournalGenerator.builder().entries(3000).seed(11).build();
        Path dir = JournalFiles.writeNode(gen, 0, Files.createTempDirectory("restart"));
        int port = ServiceProcess.freePort();
        List<Entry> got = new ArrayList<>();
        try (ServiceProcess first = reader("tributary.journal.directory", dir.toString(), port)) {
            ManagedChannel ch = channel(port);
            Iterator<ReadResponse> it = JournalReaderGrpc.newBlockingStub(ch)
                    .read(ReadRequest.newBuilder().setMaxBatchEntries(100).build());
            while (got.size() < 1200) {
                got.addAll(it.next().getBatch().getEntriesList());
            }
            ch.shutdownNow();
        } // the reader stops in the middle of the stream
        try (ServiceProcess second = reader("tributary.journal.directory", dir.toString(), port)) {
            ManagedChannel ch = channel(port);
            Reads.all(JournalReaderGrpc.newBlockingStub(ch), ReadRequest.newBuilder()
                    .setStart(afterCursor(got.get(got.size() - 1).getCursor())).build()).forEach(got::add);
            ch.shutdownNow();
        }
        assertEquals(gen.entries(0).stream().map(e -> e.text("MESSAGE")).toList(), Reads.messages(got));
    }

    @Test
    void aFollowResumedAfterAReaderRestartGetsWhatWasWrittenWhileItWasDown() throws Exception {
        try (PrivateJournald journald = PrivateJournald.start();
             JournalWriter writer = JournalWriter.namespace(journald.namespace())) {
            String run = UUID.randomUUID().toString();
            int port = ServiceProcess.freePort();
            ReadRequest.Builder follow = ReadRequest.newBuilder().setFollow(true).addMatches(group(match("RUN", run)));
            List<Entry> got = new ArrayList<>();
            try (ServiceProcess first = reader("tributary.journal.namespace", journald.namespace(), port)) {
                ManagedChannel ch = channel(port);
                try (Reads.Follow f = new Reads.Follow(JournalReaderGrpc.newStub(ch), follow.build())) {
                    write(writer, run, 0, 300);
                    got.addAll(f.awaitEntries(300, 20_000));
                }
                ch.shutdownNow();
            }
            write(writer, run, 300, 200); // while no reader runs
            try (ServiceProcess second = reader("tributary.journal.namespace", journald.namespace(), port)) {
                ManagedChannel ch = channel(port);
                try (Reads.Follow f = new Reads.Follow(JournalReaderGrpc.newStub(ch),
                        follow.setStart(afterCursor(got.get(got.size() - 1).getCursor())).build())) {
                    List<Entry> rest = f.awaitEntries(200, 20_000);
                    write(writer, run, 500, 100);
                    rest = f.awaitEntries(300, 20_000);
                    got.addAll(rest);
                }
                ch.shutdownNow();
            }
            assertEquals(IntStream.range(0, 600).boxed().toList(),
                    got.stream().map(e -> Integer.parseInt(text(e, "SEQ"))).toList());
        }
    }

    @Test
    void reflectionListsTheReaderForGenericClients() throws Exception {
        int port = ServiceProcess.freePort();
        Path dir = Files.createTempDirectory("reflection");
        try (ServiceProcess r = reader("tributary.journal.directory", dir.toString(), port)) {
            ManagedChannel ch = channel(port);
            CompletableFuture<List<String>> services = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(ch)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            services.complete(value.getListServicesResponse().getServiceList().stream()
                                    .map(ServiceResponse::getName).toList());
                        }

                        @Override
                        public void onError(Throwable t) {
                            services.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            assertTrue(services.get(10, TimeUnit.SECONDS).contains("tributary.journal.v1.JournalReader"),
                    services.get().toString());
            requests.onCompleted();
            ch.shutdownNow();
        }
    }

    @Test
    void aMissingJournalIsAClearErrorNotAnEmptyStream() throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess r = reader("tributary.journal.directory", "/nonexistent/journal", port)) {
            ManagedChannel ch = channel(port);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> Reads.all(JournalReaderGrpc.newBlockingStub(ch), ReadRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("/nonexistent/journal"), e.getStatus().getDescription());
            ch.shutdownNow();
        }
    }

    private static void write(JournalWriter w, String run, int from, int n) {
        for (int i = from; i < from + n; i++) {
            w.send(List.of(JournalWriter.field("MESSAGE", "entry " + i), JournalWriter.field("RUN", run),
                    JournalWriter.field("SEQ", Integer.toString(i))));
        }
    }
}
