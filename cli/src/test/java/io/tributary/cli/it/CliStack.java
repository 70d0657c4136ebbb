package io.tributary.cli.it;

import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.PrivateJournald;
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
 * The real stack the CLI talks to, as packaged processes: auth (embedded issuer, bootstrap admin), one journal
 * reader per private journald namespace, topology listing them statically, and log-query enforcing auth. log-query
 * can be stopped and started again on the same port (the follow-reconnect test).
 */
final class CliStack implements AutoCloseable {

    static final String ADMIN_PASSWORD = "admin-pw-cli";

    final List<PrivateJournald> journals = new ArrayList<>();
    final List<String> nodeIds;
    final List<String> agentIds;
    final List<ServiceProcess> readers = new ArrayList<>();
    final AuthProcess auth;
    final ServiceProcess topology;
    final int port;
    final int topologyPort;
    ServiceProcess logQuery;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One reader per node id, each reporting the Mesos agent id at the same index. */
    CliStack(List<String> nodeIds, List<String> agentIds) throws IOException {
        this.nodeIds = nodeIds;
        this.agentIds = agentIds;
        auth = AuthProcess.builder(Path.of("../services/auth"))
                .logFile(Path.of("target/it-cli-auth.log"))
                .property("tributary.auth.bootstrap-admin.password", ADMIN_PASSWORD)
                .start();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < nodeIds.size(); i++) {
            PrivateJournald j = PrivateJournald.builder().storage(PrivateJournald.Storage.VOLATILE).start();
            journals.add(j);
            int p = ServiceProcess.freePort();
            endpoints.add("127.0.0.1:" + p);
            readers.add(ServiceProcess.quarkusApp(Path.of("../services/journal-reader"))
                    .logFile(Path.of("target/it-cli-reader-" + i + ".log"))
                    .systemProperty("quarkus.http.port", p)
                    .systemProperty("tributary.reader.node-id", nodeIds.get(i))
                    .systemProperty("tributary.reader.agent-id", agentIds.get(i))
                    .systemProperty("tributary.journal.namespace", j.namespace())
                    .waitForPort(p).start());
        }
        topologyPort = ServiceProcess.freePort();
        topology = ServiceProcess.quarkusApp(Path.of("../services/topology"))
                .logFile(Path.of("target/it-cli-topology.log"))
                .systemProperty("quarkus.http.port", topologyPort)
                .systemProperty("tributary.topology.readers", String.join(",", endpoints))
                .systemProperty("tributary.topology.describe-interval", "200ms")
                .systemProperty("tributary.topology.unique-interval", "1s")
                .systemProperty("tributary.topology.call-timeout", "2s")
                .waitForPort(topologyPort).start();
        port = ServiceProcess.freePort();
        startLogQuery();
    }

    void startLogQuery() throws IOException {
        logQuery = ServiceProcess.quarkusApp(Path.of("../services/log-query"))
                .logFile(Path.of("target/it-cli-log-query.log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.query.topology", "127.0.0.1:" + topologyPort)
                .systemProperty("tributary.query.auth.url", "127.0.0.1:" + auth.port())
                .systemProperty("tributary.query.keep-alive", "1s")
                // a loaded machine: the first login (password hash, cold JIT) can take seconds
                .systemProperty("tributary.query.call-timeout", "15s")
                .waitForPort(port).start();
    }

    void stopLogQuery() {
        logQuery.close();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String pathAndQuery, String token, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header("Accept", accept);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in through log-query, retrying while auth is still warming up (503). */
    String login(String uid, String password) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return loginOnce(uid, password);
            } catch (IOException e) {
                if (!e.getMessage().contains(" 503 ") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private String loginOnce(String uid, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/acs/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"" + uid + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("login failed: " + r.statusCode() + " " + r.body());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("token").asText();
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
        journals.forEach(PrivateJournald::close);
        if (auth != null) {
            auth.close();
        }
    }
}
