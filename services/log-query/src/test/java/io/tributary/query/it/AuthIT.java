package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.journal.v1.DescribeRequest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.logs.v1.LogQueryGrpc;
import io.tributary.proto.logs.v1.QueryRequest;
import io.tributary.proto.logs.v1.QueryResponse;
import io.tributary.proto.topology.v1.ListNodesRequest;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.ExportFormat;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Authorization end to end with real processes: the packaged auth (embedded issuer with configured users), two
 * packaged readers and topology with service auth ON (the failsafe default is off: turned on here by system
 * properties), and log-query enforcing auth (its default). Users: {@code sys} (logs:system:read), {@code fw}
 * (framework A's tasks), {@code dev} (apps under /dev), and the bootstrap {@code admin}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FWA = "5f3c1a52-7d0e-4b7a-9a1e-000000000001-0001";
    static final String FWB = "5f3c1a52-7d0e-4b7a-9a1e-000000000001-0002";
    /** Marathon task ids: app /dev/web and /dev/api (framework A), /devops and /prod/db (framework B). */
    static final String WEB = "dev_web.0a1b2c3d-0000-4000-8000-000000000001";
    static final String API = "dev_api.0a1b2c3d-0000-4000-8000-000000000002";
    static final String OPS = "devops.0a1b2c3d-0000-4000-8000-000000000003";
    static final String DB = "prod_db.0a1b2c3d-0000-4000-8000-000000000004";
    static final List<String> NODES = List.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2");
    static final String PASSWORD = "pw-%s-1";

    static AuthProcess auth;
    static final ServiceProcess[] readers = new ServiceProcess[2];
    static final int[] readerPorts = new int[2];
    static ServiceProcess topology;
    static int topologyPort;
    static ServiceProcess logQuery;
    static int port;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static ManagedChannel grpc;
    static String admin;
    static String sys;
    static String fw;
    static String dev;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("log-query-auth");
        List<Path> journals = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            journals.add(writeJournal(dir, n));
        }
        auth = AuthProcess.builder(Path.of("../auth"))
                .logFile(Path.of("target/it-auth-auth.log"))
                .property("tributary.auth.bootstrap-admin.password", "admin-pw")
                .property("tributary.auth.users.sys.password-hash", hash(String.format(PASSWORD, "sys")))
                .property("tributary.auth.users.sys.permissions", "logs:system:read")
                .property("tributary.auth.users.fw.password-hash", hash(String.format(PASSWORD, "fw")))
                .property("tributary.auth.users.fw.permissions", "logs:task:read:framework:" + FWA)
                .property("tributary.auth.users.dev.password-hash", hash(String.format(PASSWORD, "dev")))
                .property("tributary.auth.users.dev.permissions", "logs:task:read:app:/dev")
                .serviceAccount("topology", "tributary:service")
                .serviceAccount("log-query", "tributary:service")
                .start();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readerPorts[i] = ServiceProcess.freePort();
            endpoints.add("127.0.0.1:" + readerPorts[i]);
            readers[i] = ServiceProcess.quarkusApp(Path.of("../journal-reader"))
                    .logFile(Path.of("target/it-auth-reader-" + i + ".log"))
                    .systemProperty("quarkus.http.port", readerPorts[i])
                    .systemProperty("tributary.reader.node-id", NODES.get(i))
                    .systemProperty("tributary.journal.directory", journals.get(i))
                    .systemProperty("tributary.service-auth.enabled", "true")
                    .systemProperty("tributary.service-auth.url", auth.url())
                    .waitForPort(readerPorts[i]).start();
        }
        topologyPort = ServiceProcess.freePort();
        topology = ServiceProcess.quarkusApp(Path.of("../topology"))
                .logFile(Path.of("target/it-auth-topology.log"))
                .systemProperty("quarkus.http.port", topologyPort)
                .systemProperty("tributary.topology.readers", String.join(",", endpoints))
                .systemProperty("tributary.topology.describe-interval", "200ms")
                .systemProperty("tributary.topology.unique-interval", "1s")
                .systemProperty("tributary.topology.call-timeout", "2s")
                .systemProperty("tributary.service-auth.enabled", "true")
                .systemProperty("tributary.service-auth.url", auth.url())
                .systemProperty("tributary.service-auth.account", "topology")
                .systemProperty("tributary.service-auth.private-key-file", auth.privateKeyFile("topology"))
                .waitForPort(topologyPort).start();
        port = ServiceProcess.freePort();
        logQuery = ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/it-auth-log-query.log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.query.topology", "127.0.0.1:" + topologyPort)
                .systemProperty("tributary.query.auth.url", "127.0.0.1:" + auth.port())
                .systemProperty("tributary.service-auth.enabled", "true")
                .systemProperty("tributary.service-auth.url", auth.url())
                .systemProperty("tributary.service-auth.private-key-file", auth.privateKeyFile("log-query"))
                .waitForPort(port).start();
        grpc = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        admin = login("admin", "admin-pw");
        sys = login("sys", String.format(PASSWORD, "sys"));
        fw = login("fw", String.format(PASSWORD, "fw"));
        dev = login("dev", String.format(PASSWORD, "dev"));
        // every reader healthy, and every task known to topology (from the readers' TASK_ID values)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String nodes = get("/api/v1/nodes", bearer(admin)).body();
            boolean ready = NODES.stream().allMatch(id -> nodes.contains("\"node_id\":\"" + id + "\""))
                    && !nodes.contains("\"healthy\":false");
            if (ready) {
                for (String task : List.of(WEB, API, OPS, DB)) {
                    ready &= get("/api/v1/tasks/" + task + "/entries", bearer(admin)).statusCode() == 200;
                }
            }
            if (ready) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("stack not ready: " + nodes + "\n" + logQuery.logTail(30));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.shutdownNow();
        }
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
        if (auth != null) {
            auth.close();
        }
    }

    /** Node n's journal: system entries and task entries (MESSAGE names the task), written with journal-remote. */
    static Path writeJournal(Path dir, int n) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(NODES.get(n)));
        Path file = nodeDir.resolve("remote-node" + n + ".journal");
        Process p = new ProcessBuilder(JournalFiles.JOURNAL_REMOTE.toString(), "--split-mode=none", "--output=" + file, "-")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String boot = n == 0 ? "0123456789abcdef0123456789abcde0" : "0123456789abcdef0123456789abcde1";
        long t = 1_767_225_600_000_000L + n * 500;
        try (OutputStream out = p.getOutputStream(); ExportFormat.Writer w = new ExportFormat.Writer(out)) {
            for (int i = 0; i < 5; i++) {
                t += 1000;
                w.writeEntry(t, t, boot, List.of(JournalField.of("_MACHINE_ID", NODES.get(n)),
                        JournalField.of("_HOSTNAME", "node" + n), JournalField.of("_SYSTEMD_UNIT", "ssh.service"),
                        JournalField.of("SYSLOG_IDENTIFIER", "sshd"), JournalField.of("PRIORITY", "6"),
                        JournalField.of("MESSAGE", "system node" + n + " " + i)));
                for (String task : n == 0 ? List.of(WEB, OPS) : List.of(API, DB)) {
                    t += 1000;
                    List<JournalField> f = new ArrayList<>(List.of(JournalField.of("_MACHINE_ID", NODES.get(n)),
                            JournalField.of("_HOSTNAME", "node" + n),
                            JournalField.of("FRAMEWORK_ID", task.startsWith("dev_") ? FWA : FWB),
                            JournalField.of("EXECUTOR_ID", task), JournalField.of("TASK_ID", task),
                            JournalField.of("CONTAINER_ID", "c-" + task.substring(0, 6)),
                            JournalField.of("STREAM", "STDOUT"), JournalField.of("SYSLOG_IDENTIFIER", task),
                            JournalField.of("MESSAGE", "task " + task + " " + i)));
                    if (task.equals(API)) {
                        f.add(JournalField.of("DCOS_SPACE", "/dev/api"));
                    }
                    w.writeEntry(t, t, boot, f);
                }
            }
        }
        try {
            if (p.waitFor() != 0) {
                throw new IOException("systemd-journal-remote exited " + p.exitValue());
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return nodeDir;
    }

    static String hash(String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] h = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$10000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
    }

    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    static HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String base, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in through log-query's forwarded login. */
    static String login(String uid, String password) throws Exception {
        HttpResponse<String> r = post("http://127.0.0.1:" + port, "/acs/api/v1/auth/login",
                JSON.writeValueAsString(Map.of("uid", uid, "password", password)));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }

    static List<JsonNode> ndjson(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isEmpty()) {
                JsonNode e = JSON.readTree(line);
                assertFalse(e.has("__TRAILER"), "a node failed: " + line);
                out.add(e);
            }
        }
        return out;
    }

    static Set<String> tasksOf(List<JsonNode> entries) {
        Set<String> tasks = new TreeSet<>();
        for (JsonNode e : entries) {
            tasks.add(e.has("TASK_ID") ? e.get("TASK_ID").asText() : "system");
        }
        return tasks;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void denied(HttpResponse<String> r, int status, String detailPart) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"detail\""), r.body());
        if (detailPart != null) {
            assertTrue(r.body().contains(detailPart), "expected '" + detailPart + "' in " + r.body());
        }
        if (status == 401) {
            assertNotNull(r.headers().firstValue("WWW-Authenticate").orElse(null), "401 without WWW-Authenticate");
            assertTrue(r.headers().firstValue("WWW-Authenticate").get().startsWith("Bearer"));
        }
    }

    static final List<String> ROUTES = List.of("/api/v1/entries", "/api/v1/entries?unit=ssh.service",
            "/api/v1/tasks/" + WEB + "/entries", "/api/v1/tasks/no-such-task/entries", "/api/v1/nodes", "/api/v1/tasks",
            "/api/v1/fields/FRAMEWORK_ID", "/system/v1/logs/v1/range/", "/system/v1/logs/v1/stream/?limit=1",
            "/system/v1/logs/v2/component/ssh.service", "/system/v1/logs/v2/task/" + WEB,
            "/system/v1/agent/no-such-agent/logs/v1/range/", "/system/v1/leader/mesos/logs/v1/range/",
            "/v1/fields/FRAMEWORK_ID", "/entries", "/machine", "/fields/MESSAGE", "/nodes/no-such-node/entries",
            "/no/such/route");

    @Test
    @Order(1)
    void withoutCredentialsEveryRouteIs401WithWwwAuthenticateBeforeAnythingIsLookedUp() throws Exception {
        for (String route : ROUTES) {
            denied(get(route), 401, "no credentials");
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> LogQueryGrpc.newBlockingStub(grpc).query(QueryRequest.getDefaultInstance()).hasNext());
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.toString());
        // health stays open
        assertEquals(200, get("/q/health/live").statusCode());
    }

    @Test
    @Order(2)
    void aBadTokenIs401InEitherHeaderForm() throws Exception {
        for (String route : ROUTES) {
            denied(get(route, "Authorization", "Bearer garbage"), 401, null);
            denied(get(route, "Authorization", "token=garbage"), 401, null);
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub("token=garbage").query(QueryRequest.getDefaultInstance()).hasNext());
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.toString());
    }

    @Test
    void theDcosTokenHeaderIsAcceptedEverywhere() throws Exception {
        String[] h = {"Authorization", "token=" + admin};
        List<JsonNode> all = ndjson(get("/api/v1/entries", h));
        assertEquals(Set.of("system", WEB, OPS, API, DB), tasksOf(all), "the admin reads both nodes");
        assertEquals(30, all.size());
        assertEquals(200, get("/system/v1/logs/v1/range/?limit=3", h).statusCode());
        assertEquals(200, get("/entries", h).statusCode());
        assertEquals(200, get("/api/v1/fields/TASK_ID", h).statusCode());
        assertEquals(200, get("/v1/fields/FRAMEWORK_ID", h).statusCode());
        assertEquals(200, get("/machine", h).statusCode());
        assertEquals(30, grpcEntries(stub("token=" + admin), QueryRequest.getDefaultInstance()).size());
    }

    @Test
    void aSystemOnlyUserIsDeniedTaskLogsAndSeesOnlySystemEntries() throws Exception {
        String[] h = bearer(sys);
        denied(get("/api/v1/entries?framework=" + FWA, h), 403, "logs:task:read:framework:" + FWA);
        denied(get("/api/v1/entries?match=" + enc("FRAMEWORK_ID=" + FWA), h), 403, "logs:task:read:framework:" + FWA);
        denied(get("/api/v1/tasks/" + WEB + "/entries", h), 403, "logs:task:read");
        denied(get("/system/v1/logs/v1/range/framework/" + FWA + "/executor/" + WEB + "/container/c-dev_we", h), 403,
                "logs:task:read:framework:" + FWA);
        denied(get("/system/v1/logs/v2/task/" + WEB, h), 403, "logs:task:read");
        denied(get("/api/v1/fields/FRAMEWORK_ID", h), 403, "logs:task:read");
        List<JsonNode> mine = ndjson(get("/api/v1/entries", h));
        assertEquals(10, mine.size());
        for (JsonNode e : mine) {
            assertFalse(e.has("FRAMEWORK_ID"), e.toString());
        }
        assertEquals(10, ndjson(get("/api/v1/entries?unit=ssh.service", h)).size());
        assertEquals(200, get("/api/v1/nodes", h).statusCode(), "nodes need any logs permission");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpcEntries(stub("Bearer " + sys),
                QueryRequest.newBuilder().addMatches(group("FRAMEWORK_ID", FWA)).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("logs:task:read:framework:" + FWA), e.toString());
    }

    @Test
    void aFrameworkScopedUserIsDeniedOtherFrameworksAndSystemLogsAndACLusterWideQueryGivesOnlyItsFramework() throws Exception {
        String[] h = bearer(fw);
        denied(get("/api/v1/entries?match=" + enc("FRAMEWORK_ID=" + FWB), h), 403, "logs:task:read:framework:" + FWB);
        denied(get("/api/v1/entries?framework=" + FWB, h), 403, "logs:task:read:framework:" + FWB);
        denied(get("/api/v1/entries?unit=ssh.service", h), 403, "logs:system:read");
        denied(get("/system/v1/logs/v2/component/ssh.service", h), 403, "logs:system:read");
        denied(get("/system/v1/logs/v1/range/framework/" + FWB + "/executor/" + OPS + "/container/c-devops", h), 403,
                "logs:task:read:framework:" + FWB);
        denied(get("/api/v1/fields/FRAMEWORK_ID", h), 403, "logs:task:read");
        denied(get("/fields/FRAMEWORK_ID", h), 403, "logs:task:read");
        // cluster-wide, on every front door: only framework A's entries, every one checked
        List<JsonNode> mine = ndjson(get("/api/v1/entries", h));
        assertEquals(10, mine.size());
        for (JsonNode e : mine) {
            assertEquals(FWA, e.path("FRAMEWORK_ID").asText(), e.toString());
        }
        assertEquals(Set.of(WEB, API), tasksOf(mine));
        assertEquals(10, ndjson(get("/api/v1/entries?match=" + enc("FRAMEWORK_ID=" + FWA), h)).size());
        assertEquals(5, ndjson(get("/api/v1/tasks/" + WEB + "/entries", h)).size());
        // another framework's task known only from journals: asked cluster-wide, so nothing of it is returned
        assertEquals(0, ndjson(get("/api/v1/tasks/" + OPS + "/entries", h)).size());
        // asking for system entries without unit=: the scope's FRAMEWORK_ID match meets _SYSTEMD_UNIT: nothing
        assertEquals(0, ndjson(get("/api/v1/entries?match=" + enc("_SYSTEMD_UNIT=ssh.service"), h)).size());
        HttpResponse<String> dcos = get("/system/v1/logs/v1/range/", "Authorization", "token=" + fw, "Accept", "application/json");
        assertEquals(200, dcos.statusCode());
        int n = 0;
        for (String line : dcos.body().split("\n")) {
            if (!line.isEmpty()) {
                assertEquals(FWA, JSON.readTree(line).get("fields").get("FRAMEWORK_ID").asText(), line);
                n++;
            }
        }
        assertEquals(10, n);
        HttpResponse<String> gw = get("/entries", "Authorization", "Bearer " + fw, "Accept", "application/json");
        assertEquals(200, gw.statusCode());
        for (String line : gw.body().split("\n")) {
            if (!line.isEmpty()) {
                assertEquals(FWA, JSON.readTree(line).get("FRAMEWORK_ID").asText(), line);
            }
        }
        List<Entry> viaGrpc = grpcEntries(stub("Bearer " + fw), QueryRequest.getDefaultInstance());
        assertEquals(10, viaGrpc.size());
        for (Entry r : viaGrpc) {
            assertEquals(FWA, field(r, "FRAMEWORK_ID"));
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpcEntries(stub("Bearer " + fw),
                QueryRequest.newBuilder().addMatches(group("FRAMEWORK_ID", FWB)).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("logs:task:read:framework:" + FWB), e.toString());
    }

    @Test
    void anAppPrefixCoversItsAppsByPathSegment() throws Exception {
        String[] h = bearer(dev);
        List<JsonNode> mine = ndjson(get("/api/v1/entries", h));
        // /dev covers /dev/web (from its task id) and /dev/api (DCOS_SPACE), not /devops nor /prod/db nor system
        assertEquals(Set.of(WEB, API), tasksOf(mine));
        assertEquals(10, mine.size());
        assertEquals(5, ndjson(get("/api/v1/tasks/" + WEB + "/entries", h)).size());
        assertEquals(0, ndjson(get("/api/v1/tasks/" + OPS + "/entries", h)).size());
        denied(get("/api/v1/entries?unit=ssh.service", h), 403, "logs:system:read");
        denied(get("/api/v1/entries?framework=" + FWB, h), 403, "logs:task:read:framework:" + FWB);
    }

    static List<String> listedTasks(String token, String query) throws Exception {
        HttpResponse<String> r = get("/api/v1/tasks" + query, bearer(token));
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).get("tasks").forEach(t -> ids.add(t.get("task_id").asText()));
        return ids;
    }

    @Test
    void theTaskListingHasTheirNodesAndOnlyWhatTheCallersScopeAllows() throws Exception {
        JsonNode all = JSON.readTree(get("/api/v1/tasks", bearer(admin)).body()).get("tasks");
        assertEquals(4, all.size(), all.toString());
        JsonNode first = all.get(0); // sorted by id: dev_api... first
        assertEquals(API, first.get("task_id").asText());
        List<String> fieldNames = new ArrayList<>();
        first.fieldNames().forEachRemaining(fieldNames::add);
        assertEquals(List.of("task_id", "name", "framework_id", "agent_id", "node_ids"), fieldNames);
        assertEquals(NODES.get(1), first.get("node_ids").get(0).asText(), first.toString());
        assertEquals(1, first.get("node_ids").size());
        assertEquals(List.of(API, WEB), listedTasks(admin, "?prefix=dev_"));
        assertEquals(List.of(API), listedTasks(admin, "?prefix=dev_&limit=1"));
        assertEquals(List.of(), listedTasks(admin, "?prefix=no-such"));
        // app /dev covers /dev/web and /dev/api, not /devops; journal-only tasks have no framework id in topology,
        // so a framework-only scope lists none of them (fail closed), and a system-only one lists nothing
        assertEquals(List.of(API, WEB), listedTasks(dev, ""));
        assertEquals(List.of(API), listedTasks(dev, "?limit=1"));
        assertEquals(List.of(), listedTasks(fw, ""));
        assertEquals(List.of(), listedTasks(sys, ""));
        denied(get("/api/v1/tasks?limit=0", bearer(admin)), 400, "limit");
        denied(get("/api/v1/tasks?limit=x", bearer(admin)), 400, "limit");
        denied(get("/api/v1/tasks?task=x", bearer(admin)), 400, "unknown parameter");
    }

    @Test
    void loginIsForwardedWithAuthsBodiesAndStatusCodes() throws Exception {
        String q = "http://127.0.0.1:" + port;
        String a = auth.url();
        HttpResponse<String> ok = post(q, "/acs/api/v1/auth/login", "{\"uid\":\"fw\",\"password\":\"" + String.format(PASSWORD, "fw") + "\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode body = JSON.readTree(ok.body());
        assertEquals(Set.of("token", "expires_at"), toSet(body.fieldNames()));
        assertTrue(body.get("expires_at").asLong() > System.currentTimeMillis() / 1000);
        assertEquals(200, get("/api/v1/entries?limit=1", bearer(body.get("token").asText())).statusCode());
        for (String bad : List.of("{\"uid\":\"fw\",\"password\":\"wrong\"}", "{\"uid\":\"nobody\",\"password\":\"x\"}",
                "{\"uid\":\"fw\"}", "{\"uid\":", "[1,2]", "")) {
            HttpResponse<String> viaQuery = post(q, "/acs/api/v1/auth/login", bad);
            HttpResponse<String> direct = post(a, "/acs/api/v1/auth/login", bad);
            assertEquals(direct.statusCode(), viaQuery.statusCode(), bad + ": " + direct.body() + " / " + viaQuery.body());
            JsonNode d = JSON.readTree(direct.body());
            JsonNode v = JSON.readTree(viaQuery.body());
            assertEquals(d.get("error"), v.get("error"), bad);
            assertTrue(v.hasNonNull("detail"), viaQuery.body());
            if (direct.statusCode() == 401) {
                assertEquals(d.get("detail"), v.get("detail"), bad);
            }
        }
    }

    @Test
    void readersAndTopologyRefuseAnonymousCallsWhileLogQuerysCallsSucceed() throws Exception {
        for (int i = 0; i < 2; i++) {
            ManagedChannel c = ManagedChannelBuilder.forAddress("127.0.0.1", readerPorts[i]).usePlaintext().build();
            try {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> JournalReaderGrpc.newBlockingStub(c).withDeadlineAfter(5, TimeUnit.SECONDS)
                                .describe(DescribeRequest.getDefaultInstance()));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
            } finally {
                c.shutdownNow();
            }
        }
        ManagedChannel c = ManagedChannelBuilder.forAddress("127.0.0.1", topologyPort).usePlaintext().build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> TopologyGrpc.newBlockingStub(c).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .listNodes(ListNodesRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        } finally {
            c.shutdownNow();
        }
        // through log-query: topology (nodes), both readers (entries, Unique, Describe)
        assertTrue(get("/api/v1/nodes", bearer(admin)).body().contains("\"healthy\":true"));
        List<JsonNode> all = ndjson(get("/api/v1/entries", bearer(admin)));
        assertEquals(30, all.size());
        Set<String> nodes = new TreeSet<>();
        all.forEach(e -> nodes.add(e.get("__NODE_ID").asText()));
        assertEquals(new TreeSet<>(NODES), nodes);
        HttpResponse<String> fields = get("/api/v1/fields/FRAMEWORK_ID", bearer(admin));
        assertEquals(200, fields.statusCode());
        assertTrue(fields.body().contains(FWA) && fields.body().contains(FWB) && fields.body().contains("\"failures\":[]"),
                fields.body());
        assertTrue(get("/machine", bearer(admin)).body().contains(NODES.get(1)));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void authUnreachableIs503NeverOpen() throws Exception {
        auth.close();
        HttpResponse<String> r = get("/api/v1/entries", bearer(admin));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals(503, get("/system/v1/logs/v1/range/", bearer(admin)).statusCode());
        assertEquals(503, get("/entries", bearer(admin)).statusCode());
        denied(get("/api/v1/entries"), 401, "no credentials");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> grpcEntries(stub("Bearer " + admin), QueryRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(503, post("http://127.0.0.1:" + port, "/acs/api/v1/auth/login",
                "{\"uid\":\"fw\",\"password\":\"x\"}").statusCode());
    }

    static Set<String> toSet(Iterator<String> it) {
        Set<String> s = new TreeSet<>();
        it.forEachRemaining(s::add);
        return s;
    }

    static LogQueryGrpc.LogQueryBlockingStub stub(String authorization) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        return LogQueryGrpc.newBlockingStub(grpc).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static MatchGroup group(String field, String value) {
        return MatchGroup.newBuilder().addMatches(Match.newBuilder().setField(field).setValue(ByteString.copyFromUtf8(value)))
                .build();
    }

    static List<Entry> grpcEntries(LogQueryGrpc.LogQueryBlockingStub stub, QueryRequest request) {
        List<Entry> out = new ArrayList<>();
        Iterator<QueryResponse> it = stub.query(request);
        it.forEachRemaining(r -> out.addAll(r.getEntries().getEntriesList()));
        return out;
    }

    static String field(Entry r, String name) {
        return r.getFieldsList().stream().filter(f -> f.getName().equals(name)).findFirst()
                .map(f -> f.getValue().toStringUtf8()).orElse(null);
    }
}
