package io.tributary.bench;

import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged stack as log-query's own {@code it/Stack} starts it: one journal-reader per node (each told its node
 * id), topology listing them statically, and log-query with auth off ({@code tributary.query.auth.enabled=false}),
 * each in its own JVM; returned once {@code GET /api/v1/nodes} shows every node healthy.
 *
 * <p>Settings other than the service defaults: the readers' {@code -Xmx} ({@code --reader-heap}), log-query's
 * {@code -Xmx} when given, and log-query's {@code tributary.query.range-deadline=10m} (its default of 60 s would cut
 * a slow 1M-entry range on a loaded machine into a DEADLINE_EXCEEDED trailer; the deadline does not change speed).
 */
final class QueryStack implements AutoCloseable {

    private static final String SERVICE_AUTH = "tributary.service-auth.enabled";

    private final List<ServiceProcess> readers = new ArrayList<>();
    private ServiceProcess topology;
    private ServiceProcess logQuery;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Reader i's source: the system property and its value (a journal directory or a journald namespace). */
    record Source(String nodeId, String property, String value) {
        static Source directory(String nodeId, Path dir) {
            return new Source(nodeId, "tributary.journal.directory", dir.toAbsolutePath().toString());
        }

        static Source namespace(String nodeId, String ns) {
            return new Source(nodeId, "tributary.journal.namespace", ns);
        }
    }

    static QueryStack start(QueryOptions o, String name, List<Source> sources) throws IOException, InterruptedException {
        QueryStack s = new QueryStack();
        try {
            s.boot(o, name, sources);
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void boot(QueryOptions o, String name, List<Source> sources) throws IOException, InterruptedException {
        Path logs = o.logDir().toAbsolutePath();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Source src = sources.get(i);
            int port = ServiceProcess.freePort();
            ServiceProcess.Builder rb = ServiceProcess.quarkusApp(o.servicesDir().resolve("journal-reader"))
                    .jvmArg("-Xmx" + o.readerHeap());
            jvmOpts(rb, o.readerJvmOpts(), name + "-reader-" + i);
            readers.add(rb.logFile(logs.resolve("query-" + name + "-reader-" + i + ".log"))
                    .systemProperty("quarkus.http.port", port)
                    .systemProperty("tributary.reader.node-id", src.nodeId())
                    .systemProperty(SERVICE_AUTH, "false")
                    .systemProperty(src.property(), src.value())
                    .waitForPort(port).start());
            endpoints.add("127.0.0.1:" + port);
        }
        int topoPort = ServiceProcess.freePort();
        topology = ServiceProcess.quarkusApp(o.servicesDir().resolve("topology"))
                .logFile(logs.resolve("query-" + name + "-topology.log"))
                .systemProperty("quarkus.http.port", topoPort)
                .systemProperty("tributary.topology.readers", String.join(",", endpoints))
                .systemProperty(SERVICE_AUTH, "false")
                .waitForPort(topoPort).start();
        int port = ServiceProcess.freePort();
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(o.servicesDir().resolve("log-query"))
                .logFile(logs.resolve("query-" + name + "-log-query.log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.query.topology", "127.0.0.1:" + topoPort)
                .systemProperty("tributary.query.auth.enabled", "false")
                .systemProperty(SERVICE_AUTH, "false")
                .systemProperty("tributary.query.range-deadline", "10m");
        if (!o.queryHeap().isBlank()) {
            b.jvmArg("-Xmx" + o.queryHeap());
        }
        jvmOpts(b, o.queryJvmOpts(), name);
        logQuery = b.waitForPort(port).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String nodes = get("/api/v1/nodes");
            if (sources.stream().allMatch(src -> nodes.contains("\"node_id\":\"" + src.nodeId() + "\""))
                    && !nodes.contains("\"healthy\":false")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("log-query never saw every reader healthy: " + nodes);
            }
            Thread.sleep(100);
        }
    }

    private static void jvmOpts(ServiceProcess.Builder b, String opts, String name) {
        for (String opt : opts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                b.jvmArg(opt.replace("%n", name));
            }
        }
    }

    int port() {
        return logQuery.port();
    }

    long queryPid() {
        return logQuery.pid();
    }

    List<Long> readerPids() {
        return readers.stream().map(ServiceProcess::pid).toList();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    String get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        if (logQuery != null) {
            logQuery.close();
        }
        if (topology != null) {
            topology.close();
        }
        readers.forEach(ServiceProcess::close);
    }
}
