package io.tributary.bench;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged topology service in its own JVM (testkit {@link ServiceProcess}) whose only source is a Mesos master
 * (the bench's {@link FakeMesosMaster}), plus plaintext gRPC channels to it.
 */
final class TopologyServer implements AutoCloseable {

    private final ServiceProcess process;
    private final Path gcLog;
    private final List<ManagedChannel> channels = new ArrayList<>();

    private TopologyServer(ServiceProcess process, Path gcLog) {
        this.process = process;
        this.gcLog = gcLog;
    }

    static TopologyServer start(TopologyOptions o, String mesosUrl, String name) throws IOException {
        int port = ServiceProcess.freePort();
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(o.module()).jvmArg("-Xmx" + o.heap());
        for (String opt : o.jvmOpts().trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                b.jvmArg(opt);
            }
        }
        Path gcLog = o.logDir().toAbsolutePath().resolve("topology-" + name + "-gc.log");
        java.nio.file.Files.deleteIfExists(gcLog);
        ServiceProcess p = b.jvmArg(GcPauses.jvmArg(gcLog))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.topology.mesos.url", mesosUrl)
                // measured without the per-call service-token check (no auth process in this bench)
                .systemProperty("tributary.service-auth.enabled", "false")
                .logFile(o.logDir().toAbsolutePath().resolve("topology-" + name + ".log"))
                .waitForPort(port)
                .start();
        return new TopologyServer(p, gcLog);
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return process.port();
    }

    /** Its GC log ({@link GcPauses}). */
    Path gcLog() {
        return gcLog;
    }

    /**
     * A new channel (one HTTP/2 connection); callbacks on the Netty event loop (they only timestamp); no transparent
     * retries (a retry would hide a failed call, and their per-call buffering is client CPU the measure does not need).
     */
    synchronized ManagedChannel newChannel() {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", process.port())
                .usePlaintext()
                .directExecutor()
                .disableRetry()
                .maxInboundMessageSize(64 << 20)
                .build();
        channels.add(ch);
        return ch;
    }

    /**
     * Polls {@code Resolve(selector)} every pollMillis until it answers (UNAVAILABLE / NOT_FOUND: not yet);
     * returns the answer, or throws after timeoutMillis.
     */
    static ResolveResponse awaitResolve(TopologyGrpc.TopologyBlockingStub stub, Selector selector, long pollMillis,
                                        long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ResolveRequest req = ResolveRequest.newBuilder().setSelector(selector).build();
        while (true) {
            try {
                return stub.withDeadlineAfter(5, TimeUnit.SECONDS).resolve(req);
            } catch (StatusRuntimeException e) {
                Status.Code c = e.getStatus().getCode();
                if (c != Status.Code.NOT_FOUND && c != Status.Code.UNAVAILABLE && c != Status.Code.DEADLINE_EXCEEDED) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Resolve(" + selector.toString().strip() + ") still not answered after "
                        + timeoutMillis + " ms");
            }
            Thread.sleep(pollMillis);
        }
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
