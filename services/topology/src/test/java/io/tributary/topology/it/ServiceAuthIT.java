package io.tributary.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.topology.v1.ListNodesRequest;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.serviceauth.Pem;
import io.tributary.serviceauth.ServiceCallCredentials;
import io.tributary.serviceauth.ServiceTokenSource;
import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packaged auth, a packaged reader and packaged topology, all with service auth on: topology reaches the reader
 * with its own service account's token, and refuses callers without one.
 */
class ServiceAuthIT {

    static AuthProcess auth;
    static ServiceProcess reader;
    static ServiceProcess topology;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        auth = AuthProcess.builder(Path.of("../auth"))
                .serviceAccount("topology", "tributary:service")
                .serviceAccount("log-query", "tributary:service")
                .logFile(Path.of("target/auth-for-topology.log")).start();
        JournalGenerator gen = JournalGenerator.builder().entries(300).frameworks(2).seed(3).build();
        Path dir = JournalFiles.writeNode(gen, 0, Files.createTempDirectory("topology-svc-auth"));
        int readerPort = ServiceProcess.freePort();
        reader = ServiceProcess.quarkusApp(Path.of("../journal-reader"))
                .logFile(Path.of("target/reader-service-auth.log"))
                .systemProperty("quarkus.http.port", readerPort)
                .systemProperty("tributary.journal.directory", dir)
                .systemProperty("tributary.service-auth.enabled", "true")
                .systemProperty("tributary.service-auth.url", auth.url())
                .waitForPort(readerPort).start();
        int port = ServiceProcess.freePort();
        topology = Cluster.topology(port, Map.of(
                "tributary.topology.readers", "127.0.0.1:" + readerPort,
                "tributary.service-auth.enabled", "true",
                "tributary.service-auth.url", auth.url(),
                "tributary.service-auth.account", "topology",
                "tributary.service-auth.private-key-file", auth.privateKeyFile("topology").toString()));
        channel = Cluster.channel(port);
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        for (AutoCloseable c : new AutoCloseable[] {topology, reader, auth}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void topologyReachesTheReaderWithItsServiceToken() throws Exception {
        ServiceTokenSource logQuery = new ServiceTokenSource(auth.url(), "log-query",
                Pem.readPrivateKey(auth.privateKeyFile("log-query")), Duration.ofSeconds(5));
        TopologyGrpc.TopologyBlockingStub stub = TopologyGrpc.newBlockingStub(channel)
                .withCallCredentials(new ServiceCallCredentials(logQuery));
        List<Node> nodes = Await.until(Duration.ofSeconds(30),
                () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).listNodes(ListNodesRequest.getDefaultInstance()).getNodesList(),
                n -> n.size() == 1 && n.get(0).getHealthy(), "the reader healthy in topology");
        assertEquals(1, nodes.size());
    }

    @Test
    void anAnonymousCallToTopologyIsRefused() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> TopologyGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).listNodes(ListNodesRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    }
}
