package io.tributary.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged journal-reader in its own JVM (testkit {@link ServiceProcess}) plus plaintext gRPC channels to it.
 * The source is one system property: {@code tributary.journal.directory} or {@code tributary.journal.namespace}.
 */
final class ReaderService implements AutoCloseable {

    private final ServiceProcess process;
    private final List<ManagedChannel> channels = new ArrayList<>();

    private ReaderService(ServiceProcess process) {
        this.process = process;
    }

    static ReaderService start(BenchOptions o, String sourceProperty, String source, String name) throws IOException {
        int port = ServiceProcess.freePort();
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(o.readerModule()).jvmArg("-Xmx" + o.readerHeap());
        for (String opt : o.readerJvmOpts().trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                b.jvmArg(opt);
            }
        }
        ServiceProcess p = b
                .systemProperty("quarkus.http.port", port)
                .systemProperty(sourceProperty, source)
                // measured without the per-call service-token check (no auth process in this bench)
                .systemProperty("tributary.service-auth.enabled", "false")
                .logFile(o.logDir().toAbsolutePath().resolve("reader-" + name + ".log"))
                .waitForPort(port)
                .start();
        return new ReaderService(p);
    }

    static ReaderService directory(BenchOptions o, Path dir, String name) throws IOException {
        return start(o, "tributary.journal.directory", dir.toAbsolutePath().toString(), name);
    }

    static ReaderService namespace(BenchOptions o, String namespace, String name) throws IOException {
        return start(o, "tributary.journal.namespace", namespace, name);
    }

    long pid() {
        return process.pid();
    }

    /**
     * A new channel (one HTTP/2 connection). Callbacks run on the Netty event loop (direct executor): the
     * bench's observers only count and timestamp, and this keeps a thread hop out of the measurement.
     */
    synchronized JournalReaderGrpc.JournalReaderStub newStub() {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", process.port())
                .usePlaintext()
                .directExecutor()
                .maxInboundMessageSize(64 << 20)
                .build();
        channels.add(ch);
        return JournalReaderGrpc.newStub(ch);
    }

    @Override
    public synchronized void close() {
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
            try {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.close();
    }
}
