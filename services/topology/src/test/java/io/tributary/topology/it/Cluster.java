package io.tributary.topology.it;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real packaged readers, one per generated node on its own journal directory, each reporting the node's machine
 * id through tributary.reader.node-id (they all run on this machine, which has one machine id).
 */
final class Cluster implements AutoCloseable {

    final JournalGenerator gen;
    final List<Path> nodeDirs;
    final int[] ports;
    final ServiceProcess[] readers;

    Cluster(JournalGenerator gen) throws IOException {
        this.gen = gen;
        this.nodeDirs = JournalFiles.write(gen, Files.createTempDirectory("topology-it"));
        int n = gen.nodes().size();
        this.ports = new int[n];
        this.readers = new ServiceProcess[n];
        for (int i = 0; i < n; i++) {
            ports[i] = ServiceProcess.freePort();
            startReader(i);
        }
    }

    void startReader(int i) throws IOException {
        readers[i] = ServiceProcess.quarkusApp(Path.of("../journal-reader"))
                .logFile(Path.of("target/reader-" + i + ".log"))
                .systemProperty("quarkus.http.port", ports[i])
                .systemProperty("tributary.journal.directory", nodeDirs.get(i))
                .systemProperty("tributary.reader.node-id", gen.node(i).machineId())
                .waitForPort(ports[i]).start();
    }

    void stopReader(int i) {
        readers[i].close();
    }

    String endpoint(int i) {
        return "127.0.0.1:" + ports[i];
    }

    static ServiceProcess topology(int port, Map<String, String> properties) throws IOException {
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/topology-" + port + ".log"))
                .systemProperty("quarkus.http.port", port)
                // fast enough for tests: contact every 200 ms, unhealthy after 2 misses
                .systemProperty("tributary.topology.describe-interval", "200ms")
                .systemProperty("tributary.topology.unique-interval", "2s")
                .systemProperty("tributary.topology.call-timeout", "1s")
                .systemProperty("tributary.topology.removal-grace", "1s");
        properties.forEach(b::systemProperty);
        return b.waitForPort(port).start();
    }

    static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @Override
    public void close() {
        for (ServiceProcess r : readers) {
            if (r != null) {
                r.close();
            }
        }
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
