package io.tributary.reader.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.PrometheusText;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** The packaged reader's operations: readiness follows its journal, metrics move, SIGTERM ends Read streams cleanly. */
class OpsIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static ServiceProcess.Builder reader(Path dir, int port, String log) throws Exception {
        return ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/" + log + ".log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.journal.directory", dir.toString())
                .waitForPort(port);
    }

    @Test
    void readyWhileItsJournalOpensNotReadyOnceItIsGone() throws Exception {
        JournalGenerator gen = JournalGenerator.builder().entries(50).seed(3).build();
        Path dir = JournalFiles.writeNode(gen, 0, Files.createTempDirectory("ops-ready"));
        int port = ServiceProcess.freePort();
        // also: the one documented switch turns the console log into JSON lines
        try (ServiceProcess r = reader(dir, port, "ops-ready")
                .environment("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true").start()) {
            assertEquals(200, get(port, "/q/health/live").statusCode());
            HttpResponse<String> ready = get(port, "/q/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"journal\"") && ready.body().contains(dir.toString()), ready.body());
            Path moved = dir.resolveSibling(dir.getFileName() + "-moved");
            Files.move(dir, moved);
            ready = get(port, "/q/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"DOWN\""), ready.body());
            assertEquals(200, get(port, "/q/health/live").statusCode(), "still live");
            Files.move(moved, dir);
            assertEquals(200, get(port, "/q/health/ready").statusCode(), "ready again");
            String firstLine = Files.readAllLines(r.logFile()).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
            assertTrue(firstLine.startsWith("{") && firstLine.contains("\"level\"") && firstLine.contains("\"message\""),
                    firstLine);
        }
    }

    @Test
    void sigtermEndsAFollowWithUnavailableAfterEverythingQueued() throws Exception {
        int n = 300;
        JournalGenerator gen = JournalGenerator.builder().entries(n).seed(5).build();
        Path dir = JournalFiles.writeNode(gen, 0, Files.createTempDirectory("ops-stop"));
        int port = ServiceProcess.freePort();
        ServiceProcess r = reader(dir, port, "ops-stop").start();
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            String before = get(port, "/q/metrics").body();
            Iterator<ReadResponse> it = JournalReaderGrpc.newBlockingStub(ch)
                    .read(ReadRequest.newBuilder().setFollow(true).setMaxBatchEntries(100).build());
            int got = 0;
            while (got < n) {
                ReadResponse m = it.next();
                got += m.getBatch().getEntriesCount();
            }
            assertEquals(n, got);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String m;
            do { // the stream is on the shared tail now
                m = get(port, "/q/metrics").body();
            } while (PrometheusText.sum(m, "tributary_reader_followers") < 1 && System.nanoTime() < deadline);
            assertEquals(1, PrometheusText.sum(m, "tributary_reader_followers"), m);
            assertEquals(1, PrometheusText.sum(m, "tributary_reader_streams_active"), m);
            assertEquals(n, PrometheusText.sum(m, "tributary_reader_entries_sent_total")
                    - PrometheusText.sum(before, "tributary_reader_entries_sent_total"), m);
            assertTrue(PrometheusText.sum(m, "tributary_reader_entries_read_total") >= n, m);

            Thread stopper = new Thread(r::close); // SIGTERM
            stopper.start();
            StatusRuntimeException end = assertThrows(StatusRuntimeException.class, () -> {
                while (it.hasNext()) {
                    it.next(); // heartbeats
                }
            });
            assertEquals(Status.Code.UNAVAILABLE, end.getStatus().getCode(), end.getStatus().toString());
            assertTrue(String.valueOf(end.getStatus().getDescription()).contains("reader shutting down"),
                    end.getStatus().toString());
            stopper.join();
        } finally {
            ch.shutdownNow();
            r.close();
        }
    }
}
