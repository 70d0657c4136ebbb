package io.tributary.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.auth.v1.AuthorizeRequest;
import io.tributary.proto.auth.v1.AuthorizeResponse;
import io.tributary.proto.auth.v1.AuthorizerGrpc;
import io.tributary.proto.auth.v1.Credentials;
import io.tributary.proto.auth.v1.Target;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code Authorize} of a cached-key JWT against the packaged services/auth (its own JVM): the embedded issuer's
 * admin token, target framework fw-1 (a scope decision on every call, the token verified once and then cached).
 * The client is grpc-java netty with async stubs over a few HTTP/2 connections, in this JVM; its callbacks run on
 * the Netty event loop ({@code directExecutor}: they only take a timestamp, so no hand-off to a thread pool per
 * call) and transparent retries are off (a retry would hide a failed call; their per-call buffering is client CPU
 * the measure does not need). Once auth runs, this JVM lowers its own CPU priority ({@link ClientNice}, nice +10
 * by default): on two cores the client costs about as much CPU per call as auth, and at equal priority the tail
 * latency measured is mostly the scheduler sharing the cores between the two.
 *
 * <ol>
 * <li>throughput: closed loop, a fixed number of calls in flight, decisions/s over the measured window;</li>
 * <li>latency at a fixed rate: open loop ({@link OpenLoop}: call k due at start + k/rate, issued from the client's one
 * event loop thread), latency = answer − issue at the client;</li>
 * <li>the same open loop against {@link ReferenceGrpcServer} (a plain grpc-java server answering at once, its own
 * JVM): the latency this machine gives any JVM gRPC server at that rate.</li>
 * </ol>
 * Each measure runs --runs times; the table shows every run and the median. CPU of auth and of this client over
 * each measured window comes from /proc, and so does the number of write system calls auth made per call (socket
 * writes: what batching saves), and auth's GC pauses in the window from its GC log (bench/target/auth-bench-gc.log).
 * <pre>
 * options: --rate 5000 --seconds 15 --warmup 10 --runs 3 --in-flight 128 --channels 4 --heap 256m
 *          --jvm-opts "extra auth JVM options, space-separated"
 *          --client-nice 10 (this JVM's nice value once auth runs; 0 = same priority as auth, see ClientNice)
 *          --auth-module services/auth (the module whose target/quarkus-app runs: A/B against another checkout)
 * </pre>
 */
public final class AuthBench {

    private AuthBench() {
    }

    record Run(double rate, double p50, double p99, double max, double serverCpuPerCall, double clientCpuPerCall,
               double serverWritesPerCall, GcPauses gc, int errors) {
    }

    public static void main(String[] args) throws Exception {
        int rate = 5000, seconds = 15, warmup = 10, runs = 3, inFlight = 128, channels = 4;
        String heap = "256m";
        String jvmOpts = "";
        int clientNice = 10;
        Path module = Path.of("services/auth");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--in-flight" -> inFlight = Integer.parseInt(args[i + 1]);
                case "--channels" -> channels = Integer.parseInt(args[i + 1]);
                case "--heap" -> heap = args[i + 1];
                case "--jvm-opts" -> jvmOpts = args[i + 1];
                case "--client-nice" -> clientNice = Integer.parseInt(args[i + 1]);
                case "--auth-module" -> module = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int port = ServiceProcess.freePort();
        Path state = Files.createTempDirectory("auth-bench");
        ServiceProcess.Builder builder = ServiceProcess.quarkusApp(module);
        for (String opt : jvmOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                builder.jvmArg(opt);
            }
        }
        Path gcLog = Path.of("bench/target/auth-bench-gc.log");
        Files.deleteIfExists(gcLog);
        builder.jvmArg(GcPauses.jvmArg(gcLog));
        Path refGc = Path.of("bench/target/reference-grpc-gc.log");
        Files.deleteIfExists(refGc);
        try (ServiceProcess refServer = ReferenceGrpcServer.start(refGc, Path.of("bench/target/reference-grpc.log"));
             ServiceProcess auth = builder
                .logFile(Path.of("bench/target/auth-bench.log")).jvmArg("-Xmx" + heap)
                .systemProperty("quarkus.http.host", "127.0.0.1").systemProperty("quarkus.http.port", port)
                .systemProperty("quarkus.log.level", "WARN")
                .systemProperty("tributary.auth.state-dir", state)
                .systemProperty("tributary.auth.issuer.url", "http://127.0.0.1:" + port)
                .systemProperty("tributary.auth.bootstrap-admin.password", "bench-admin")
                .waitForPort(port).start()) {
            String niced = ClientNice.apply(clientNice); // after auth started: it keeps normal priority
            String token = login(port);
            List<ManagedChannel> chs = new ArrayList<>();
            List<AuthorizerGrpc.AuthorizerStub> stubs = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                        .directExecutor().disableRetry().build();
                chs.add(ch);
                stubs.add(AuthorizerGrpc.newStub(ch));
            }
            AuthorizeRequest req = AuthorizeRequest.newBuilder()
                    .setCredentials(Credentials.newBuilder().setAuthorization("Bearer " + token))
                    .setTarget(Target.newBuilder().setFrameworkId("fw-1")).build();
            System.err.printf("auth pid %d; %d runs of: throughput (%d in flight, %d s + %d s warm-up), then %,d/s for %d s%n",
                    auth.pid(), runs, inFlight, seconds, warmup, rate, seconds);
            List<Run> closed = new ArrayList<>();
            List<Run> open = new ArrayList<>();
            List<Run> reference = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                closed.add(closedLoop(stubs, req, inFlight, warmup, seconds, auth.pid(), gcLog));
                System.err.println("throughput run " + (r + 1) + ": " + closed.get(r));
                open.add(openLoop(port, auth.pid(), gcLog, req, rate, warmup, seconds, channels));
                System.err.println("rate run " + (r + 1) + ": " + open.get(r));
                reference.add(openLoop(refServer.port(), refServer.pid(), refGc, req, rate, warmup, seconds, channels));
                System.err.println("reference run " + (r + 1) + ": " + reference.get(r));
            }
            print("Throughput, " + inFlight + " calls in flight over " + channels + " connections", closed, "auth");
            print(String.format("At %,d calls/s (open loop) over %d connections", rate, channels), open, "auth");
            print(String.format("Reference: a plain grpc-java server (ReferenceGrpcServer, fixed answer), same client, "
                    + "%,d calls/s (open loop) over %d connections", rate, channels), reference, "server");
            String load = Files.readString(Path.of("/proc/loadavg"));
            System.out.printf("%nAuth: %s, %s; %s; load average at the end %s.%n", module, jvmOpts.isBlank()
                    ? "default JVM options" : "JVM options " + jvmOpts, niced, String.join(" ", List.of(load.split(" ")).subList(0, 3)));
            chs.forEach(ManagedChannel::shutdownNow);
        }
    }

    static String login(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/acs/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"admin\",\"password\":\"bench-admin\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        int i = body.indexOf("\"token\":\"") + 9;
        return body.substring(i, body.indexOf('"', i));
    }

    static Run closedLoop(List<AuthorizerGrpc.AuthorizerStub> stubs, AuthorizeRequest req, int inFlight, int warmup,
                          int seconds, long pid, Path gcLog) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong completed = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        List<Long> lat = java.util.Collections.synchronizedList(new ArrayList<>());
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
        long c0 = -1;
        double s0 = 0, cl0 = 0, w0 = 0;
        long wall0 = 0;
        int k = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (c0 < 0 && now >= warmEnd) {
                c0 = completed.get();
                s0 = ProcStatus.cpuSeconds(pid);
                cl0 = ProcStatus.cpuSeconds(ProcessHandle.current().pid());
                w0 = ProcStatus.writeSyscalls(pid);
                wall0 = System.currentTimeMillis();
            }
            if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            boolean measured = c0 >= 0;
            long t = System.nanoTime();
            stubs.get(k++ % stubs.size()).authorize(req, new StreamObserver<>() {
                public void onNext(AuthorizeResponse v) {
                }

                public void onError(Throwable e) {
                    errors.incrementAndGet();
                    slots.release();
                }

                public void onCompleted() {
                    completed.incrementAndGet();
                    if (measured) {
                        lat.add(System.nanoTime() - t);
                    }
                    slots.release();
                }
            });
        }
        long n = completed.get() - c0;
        double s = ProcStatus.cpuSeconds(pid) - s0;
        double cl = ProcStatus.cpuSeconds(ProcessHandle.current().pid()) - cl0;
        double w = ProcStatus.writeSyscalls(pid) - w0;
        GcPauses gc = GcPauses.between(gcLog, wall0, System.currentTimeMillis());
        slots.acquire(inFlight);
        slots.release(inFlight);
        List<Long> l;
        synchronized (lat) {
            l = new ArrayList<>(lat);
        }
        return new Run(n / (double) seconds, Stats.median(l), Stats.percentile(l, 99), Stats.max(l), s * 1e6 / n, cl * 1e6 / n, w / n,
                gc, errors.get());
    }

    /** Open loop ({@link OpenLoop}) against the process {@code pid} listening on {@code port}. */
    static Run openLoop(int port, long pid, Path gcLog, AuthorizeRequest req, int rate, int warmup, int seconds,
                        int channels) throws InterruptedException {
        try (OpenLoop load = new OpenLoop()) {
            List<AuthorizerGrpc.AuthorizerStub> stubs = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                stubs.add(AuthorizerGrpc.newStub(load.channel(port)));
            }
            OpenLoop.Measured m = load.<AuthorizeResponse>run(rate * (warmup + seconds), rate * warmup, rate, pid, gcLog,
                    (k, observer) -> stubs.get(k % stubs.size()).authorize(req, observer));
            return new Run(m.achievedPerSecond(), m.p50Nanos(), m.p99Nanos(), m.maxNanos(), m.serverCpuMicrosPerCall(),
                    m.clientCpuMicrosPerCall(), m.serverWritesPerCall(), m.gc(), m.errors() + m.unanswered());
        }
    }

    static void print(String title, List<Run> runs, String service) {
        System.out.println();
        System.out.println("**" + title + "**");
        System.out.println();
        System.out.printf("| run | decisions/s | p50 | p99 | max | %1$s CPU/call | client CPU/call | %1$s writes/call | %1$s GC pauses | errors |%n",
                service);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < runs.size(); i++) {
            row(String.valueOf(i + 1), runs.get(i));
        }
        row("**median**", new Run(Stats.median(runs.stream().map(Run::rate).toList()),
                Stats.median(runs.stream().map(Run::p50).toList()), Stats.median(runs.stream().map(Run::p99).toList()),
                Stats.median(runs.stream().map(Run::max).toList()),
                Stats.median(runs.stream().map(Run::serverCpuPerCall).toList()),
                Stats.median(runs.stream().map(Run::clientCpuPerCall).toList()),
                Stats.median(runs.stream().map(Run::serverWritesPerCall).toList()),
                new GcPauses((int) Math.round(Stats.median(runs.stream().map(r -> (double) r.gc().count()).toList())),
                        Stats.median(runs.stream().map(r -> r.gc().totalMs()).toList()),
                        Stats.median(runs.stream().map(r -> r.gc().maxMs()).toList())),
                runs.stream().mapToInt(Run::errors).sum()));
    }

    static void row(String name, Run r) {
        System.out.printf("| %s | %,.0f | %.2f ms | %.2f ms | %.2f ms | %.0f µs | %.0f µs | %.2f | %d, max %.1f ms | %d |%n",
                name, r.rate(), r.p50() / 1e6, r.p99() / 1e6, r.max() / 1e6, r.serverCpuPerCall(), r.clientCpuPerCall(),
                r.serverWritesPerCall(), r.gc().count(), r.gc().maxMs(), r.errors());
    }
}
