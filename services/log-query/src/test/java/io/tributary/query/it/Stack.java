package io.tributary.query.it;

import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Real packaged processes: journal readers (one per node, each told its node id), topology listing them statically,
 * and log-query (auth off) — started in that order, returned once log-query sees every reader healthy.
 */
final class Stack implements AutoCloseable {

    final List<Consumer<ServiceProcess.Builder>> readerSetups = new ArrayList<>();
    final List<String> nodeIds = new ArrayList<>();
    final int[] readerPorts;
    final ServiceProcess[] readers;
    ServiceProcess topology;
    private final ServiceProcess.Builder topologyBuilder;
    ServiceProcess logQuery;
    private final ServiceProcess.Builder logQueryBuilder;
    private final String name;
    private int logQueryStarts = 1;
    final int port;
    /** null: log-query's auth is off */
    private final String authorization;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * How the stack differs from the default: log-query's JVM arguments (e.g. a small -Xmx); topology's properties
     * given the readers' endpoints (default: the static list of all); how many readers (the first ones) topology
     * lists at start; authorization: null = log-query's auth off, else auth on and the header value its readiness
     * check sends.
     */
    record Options(List<String> queryJvmArgs, Function<List<String>, Map<String, String>> topology, int listedAtStart,
                   String authorization) {
        static Options defaults(int readers) {
            return new Options(List.of(), endpoints -> Map.of("tributary.topology.readers", String.join(",", endpoints)),
                    readers, null);
        }

        Options withQueryJvmArgs(String... args) {
            return new Options(List.of(args), topology, listedAtStart, authorization);
        }

        Options withAuthorization(String header) {
            return new Options(queryJvmArgs, topology, listedAtStart, header);
        }
    }

    /** readers: node id → how its reader reads (system properties). */
    Stack(String name, Map<String, Consumer<ServiceProcess.Builder>> readerConfig, Map<String, String> queryProperties)
            throws IOException, InterruptedException {
        this(name, readerConfig, queryProperties, Options.defaults(readerConfig.size()));
    }

    Stack(String name, Map<String, Consumer<ServiceProcess.Builder>> readerConfig, Map<String, String> queryProperties,
          Options options) throws IOException, InterruptedException {
        this.name = name;
        authorization = options.authorization();
        int n = readerConfig.size();
        readerPorts = new int[n];
        readers = new ServiceProcess[n];
        readerConfig.forEach((id, setup) -> {
            nodeIds.add(id);
            readerSetups.add(setup);
        });
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            readerPorts[i] = ServiceProcess.freePort();
            endpoints.add("127.0.0.1:" + readerPorts[i]);
            startReader(i, name);
        }
        int topoPort = ServiceProcess.freePort();
        ServiceProcess.Builder t = ServiceProcess.quarkusApp(Path.of("../topology"))
                .logFile(Path.of("target/it-" + name + "-topology.log"))
                .systemProperty("quarkus.http.port", topoPort)
                .systemProperty("tributary.topology.describe-interval", "200ms")
                .systemProperty("tributary.topology.unique-interval", "2s")
                .systemProperty("tributary.topology.call-timeout", "1s");
        options.topology().apply(endpoints).forEach(t::systemProperty);
        topologyBuilder = t.waitForPort(topoPort);
        topology = topologyBuilder.start();
        port = ServiceProcess.freePort();
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/it-" + name + "-log-query.log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.query.topology", "127.0.0.1:" + topoPort)
                .systemProperty("tributary.query.auth.enabled", Boolean.toString(authorization != null));
        queryProperties.forEach(b::systemProperty);
        options.queryJvmArgs().forEach(b::jvmArg);
        logQueryBuilder = b.waitForPort(port);
        logQuery = logQueryBuilder.start();
        awaitNodes(nodeIds.subList(0, options.listedAtStart()), Duration.ofSeconds(30));
    }

    /** Waits until log-query lists exactly these nodes, all healthy. */
    void awaitNodes(List<String> ids, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String nodes = authorization == null ? get("/api/v1/nodes").body()
                    : get("/api/v1/nodes", "Authorization", authorization).body();
            if (ids.stream().allMatch(id -> nodes.contains("\"node_id\":\"" + id + "\""))
                    && nodeIds.stream().filter(id -> !ids.contains(id)).noneMatch(id -> nodes.contains(id))
                    && !nodes.contains("\"healthy\":false")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("log-query never listed exactly " + ids + ", all healthy: " + nodes);
            }
            Thread.sleep(100);
        }
    }

    void startReader(int i, String name) throws IOException {
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(Path.of("../journal-reader"))
                .logFile(Path.of("target/it-" + name + "-reader-" + i + ".log"))
                .systemProperty("quarkus.http.port", readerPorts[i])
                .systemProperty("tributary.reader.node-id", nodeIds.get(i));
        readerSetups.get(i).accept(b);
        readers[i] = b.waitForPort(readerPorts[i]).start();
    }

    /** Stops topology and starts it again on the same port with the same settings (its state starts empty). */
    void restartTopology() throws IOException {
        topology.close();
        topology = topologyBuilder.start();
    }

    /**
     * Stops log-query — SIGTERM (its streams end with {@code event: close} and a cursor) or, abrupt, SIGKILL (they are
     * cut) — and returns once it is gone; {@link #startLogQuery} starts it again on the same port.
     */
    void stopLogQuery(boolean abrupt) {
        if (abrupt) {
            ProcessHandle.of(logQuery.pid()).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }
        logQuery.close();
    }

    void startLogQuery() throws IOException {
        logQuery = logQueryBuilder.logFile(Path.of("target/it-" + name + "-log-query-" + ++logQueryStarts + ".log")).start();
    }

    void stopReader(int i) {
        readers[i].close();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, Consumer<ServiceProcess.Builder>> readers() {
        return new LinkedHashMap<>();
    }

    @Override
    public void close() {
        if (logQuery != null) {
            logQuery.close();
        }
        if (topology != null) {
            topology.close();
        }
        for (ServiceProcess r : readers) {
            if (r != null) {
                r.close();
            }
        }
    }
}
