package io.tributary.topology.it;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real packaged readers, one per generated node on its own journal directory, each reporting the node's machine
 * id through tributary.reader.node-id (they all run on this machine, which has one machine id). By default each
 * listens on 127.0.0.1 and a port of its own; {@link #onAddresses} puts them on one port at several loopback
 * addresses (what DNS A records of a headless Service look like).
 */
final class Cluster implements AutoCloseable {

    final JournalGenerator gen;
    final List<Path> nodeDirs;
    final String[] hosts;
    final int[] ports;
    final ServiceProcess[] readers;
    private final List<Map<String, String>> extra;

    Cluster(JournalGenerator gen) throws IOException {
        this(gen, null, 0, List.of());
    }

    /** Reader i also gets readerProperties.get(i) (e.g. tributary.reader.agent-id). */
    Cluster(JournalGenerator gen, List<Map<String, String>> readerProperties) throws IOException {
        this(gen, null, 0, readerProperties);
    }

    /** Reader i listens on addresses[i] (a 127.0.0.0/8 address), all on one port. */
    static Cluster onAddresses(JournalGenerator gen, String... addresses) throws IOException {
        return new Cluster(gen, addresses, ServiceProcess.freePort(), List.of());
    }

    private Cluster(JournalGenerator gen, String[] addresses, int sharedPort, List<Map<String, String>> readerProperties)
            throws IOException {
        this.gen = gen;
        this.nodeDirs = JournalFiles.write(gen, Files.createTempDirectory("topology-it"));
        int n = gen.nodes().size();
        this.hosts = new String[n];
        this.ports = new int[n];
        this.readers = new ServiceProcess[n];
        this.extra = readerProperties;
        try {
            for (int i = 0; i < n; i++) {
                hosts[i] = addresses == null ? "127.0.0.1" : addresses[i];
                ports[i] = addresses == null ? ServiceProcess.freePort() : sharedPort;
                startReader(i);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    void startReader(int i) throws IOException {
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(Path.of("../journal-reader"))
                .logFile(Path.of("target/reader-" + hosts[i] + "-" + ports[i] + ".log"))
                .systemProperty("quarkus.http.host", hosts[i])
                .systemProperty("quarkus.http.port", ports[i])
                .systemProperty("tributary.journal.directory", nodeDirs.get(i))
                .systemProperty("tributary.reader.node-id", gen.node(i).machineId());
        if (i < extra.size()) {
            extra.get(i).forEach(b::systemProperty);
        }
        if (hosts[i].equals("127.0.0.1")) {
            readers[i] = b.waitForPort(ports[i]).start();
        } else {
            readers[i] = b.start(); // ServiceProcess waits on 127.0.0.1 only
            awaitListening(readers[i], hosts[i], ports[i]);
        }
    }

    private static void awaitListening(ServiceProcess p, String host, int port) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("reader not listening on " + host + ":" + port + "; log:\n" + p.logTail(40));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    void stopReader(int i) {
        readers[i].close();
    }

    String endpoint(int i) {
        return hosts[i] + ":" + ports[i];
    }

    String endpoints() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < readers.length; i++) {
            all.add(endpoint(i));
        }
        return String.join(",", all);
    }

    static ServiceProcess topology(int port, Map<String, String> properties) throws IOException {
        return topology(port, properties, Map.of());
    }

    static ServiceProcess topology(int port, Map<String, String> properties, Map<String, String> environment)
            throws IOException {
        ServiceProcess.Builder b = ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/topology-" + port + ".log"))
                .systemProperty("quarkus.http.port", port)
                // fast enough for tests: contact every 200 ms, unhealthy after 2 misses
                .systemProperty("tributary.topology.describe-interval", "200ms")
                .systemProperty("tributary.topology.unique-interval", "2s")
                .systemProperty("tributary.topology.call-timeout", "1s")
                .systemProperty("tributary.topology.removal-grace", "1s");
        properties.forEach(b::systemProperty);
        environment.forEach(b::environment);
        return b.waitForPort(port).start();
    }

    static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static Map<String, String> props(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        Arrays.stream(readers).filter(r -> r != null).forEach(ServiceProcess::close);
    }
}
