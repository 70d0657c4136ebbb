package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.tributary.proto.common.v1.Direction;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.common.v1.Position;
import io.tributary.proto.logs.v1.LogQueryGrpc;
import io.tributary.proto.logs.v1.QueryRequest;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated malformed requests over every route (native, DC/OS under its three prefixes, gatewayd, gRPC): never a
 * 5xx, every 4xx with the JSON error body, every answer (status and headers) within a bound, and the service still
 * serves a normal query afterwards. Deterministic: the seed ({@code -Dfuzz.seed=N}, default below) is in every
 * failure message, with the request that failed.
 */
class FuzzIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    static final int HTTP_REQUESTS = 1200;
    static final int GRPC_REQUESTS = 300;
    static final Duration BOUND = Duration.ofSeconds(15);
    static JournalGenerator gen;
    static Stack stack;
    static List<String> cursors = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        gen = JournalGenerator.builder().nodes(2).entries(400).frameworks(2).executorsPerFramework(2).specialEvery(20)
                .seed(5).build();
        List<Path> dirs = JournalFiles.write(gen, Files.createTempDirectory("log-query-fuzz"));
        Map<String, Consumer<io.tributary.testkit.ServiceProcess.Builder>> readers = Stack.readers();
        for (int i = 0; i < 2; i++) {
            Path d = dirs.get(i);
            readers.put(gen.node(i).machineId(), b -> b.systemProperty("tributary.journal.directory", d));
        }
        // keep-alive 1 s: a request that happens to be a valid follow still answers its headers at once
        stack = new Stack("fuzz", readers, Map.of("tributary.query.keep-alive", "1s",
                "tributary.compat.dcos.leader-nodes", gen.node(0).machineId()));
        for (String line : stack.get("/api/v1/entries?limit=20").body().split("\n")) {
            cursors.add(JSON.readTree(line).get("__CURSOR").asText());
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    // ---- generators ----------------------------------------------------------------------------------------

    static final String[] NATIVE_PARAMS = {"match", "node", "since", "until", "cursor", "after_cursor", "position", "skip",
        "limit", "direction", "follow", "priority", "grep", "unit", "task", "agent", "framework", "executor", "container",
        "stream", "bogus", ""};
    static final String[] DCOS_PARAMS = {"cursor", "skip_next", "skip_prev", "limit", "read_reverse", "filter", "skip",
        "postfix", "format", "x"};
    static final String[] ACCEPTS = {"application/json", "text/plain", "text/event-stream", "application/vnd.fdo.journal",
        "application/x-ndjson", "*/*", "image/png", "text/*;q=0", "application/json;q=abc", ";;;", "text/html, */*;q=0.1",
        "application/json;q=0, text/plain;q=0", "\u00e9/\u00e8", "", "*/*;q=1.5", "application/*"};
    static final String[] PATHS = {"/api/v1/entries", "/api/v1/tasks/%s/entries", "/api/v1/nodes", "/api/v1/fields/%s",
        "/system/v1/logs%s", "/system/v1/agent/%s/logs%s", "/system/v1/leader/mesos/logs%s", "/v1/fields/%s",
        "/entries", "/machine", "/fields/%s", "/nodes/%s/entries", "/nodes/%s/machine", "/nodes/%s/fields/%s",
        "/api/v2/entries", "/api/v1/entries/extra", "/system/v1/logs/v3/range/", "/%s"};
    static final String[] DCOS_SUFFIXES = {"/v1/range/", "/v1/stream/", "/v1/range", "/v1/stream", "/v1/range/download",
        "/v1/range/framework/%s/executor/%s/container/%s", "/v1/stream/framework/%s/executor/%s/container/%s",
        "/v1/range/framework/%s/executor/%s/container/%s/download", "/v1/fields/%s", "/v2/component",
        "/v2/component/%s", "/v2/task/%s", "/v2/task/%s/file/%s", "/v2/task/frameworks/%s/executors/%s/runs/%s",
        "/v2/task/frameworks/%s/executors/%s/runs/%s/%s", "/v1/nowhere"};

    final SplittableRandom r = new SplittableRandom(SEED);

    String pick(String[] a) {
        return a[r.nextInt(a.length)];
    }

    /** A hostile value: garbage, huge numbers, bad cursors, odd encodings. */
    String value() {
        switch (r.nextInt(24)) {
            case 0: return "";
            case 1: return Long.toString(r.nextLong());
            case 2: return "99999999999999999999999999";
            case 3: return "-" + r.nextInt(1 << 30);
            case 4: return "1e9";
            case 5: return "%zz";
            case 6: return "%00";
            case 7: return "%ff%fe";
            case 8: return "(((";
            case 9: return "a".repeat(1 + r.nextInt(9000));
            case 10: return badCursor();
            case 11: return badCursor();
            case 12: return "s=zz;i=1;b=x;m=1;t=1;x=1";
            case 13: return "FIELD=" + value0();
            case 14: return "lower=x";
            case 15: return "=";
            case 16: return "2026-13-45T99:99:99Z";
            case 17: return "\u00e9\u4e2d\ud83d\ude00";
            case 18: return "NaN";
            case 19: return "true";
            case 20: return "0";
            case 21: return gen.node(r.nextInt(2)).machineId();
            case 22: return "..%2F..%2Fetc%2Fpasswd";
            default: return value0();
        }
    }

    String value0() {
        byte[] b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Truncated, bit-flipped, or base64 of garbage: composite cursors that must be refused with a 400. */
    String badCursor() {
        String good = cursors.get(r.nextInt(cursors.size()));
        byte[] raw = Base64.getUrlDecoder().decode(good);
        switch (r.nextInt(5)) {
            case 0:
                return good.substring(0, r.nextInt(good.length()));
            case 1: {
                int i = r.nextInt(raw.length);
                raw[i] ^= (byte) (1 << r.nextInt(8));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            }
            case 2: {
                byte[] g = new byte[r.nextInt(200)];
                r.nextBytes(g);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(g);
            }
            case 3:
                return good + good;
            default: {
                byte[] g = raw.clone();
                for (int k = 0; k < 4; k++) {
                    g[r.nextInt(g.length)] = (byte) r.nextInt(256);
                }
                return Base64.getUrlEncoder().withoutPadding().encodeToString(g);
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The query string: raw (possibly malformed) or encoded pairs, some repeated. */
    String query(String[] names) {
        StringBuilder q = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            q.append(i == 0 ? "?" : "&");
            String name = r.nextInt(10) == 0 ? value() : pick(names);
            String v = value();
            boolean raw = r.nextInt(6) == 0;
            q.append(raw ? name.replaceAll("[^!-~]", "") : enc(name));
            if (r.nextInt(8) != 0) {
                q.append('=').append(raw ? v.replaceAll("[^!-~]", "").replace("#", "") : enc(v));
            }
            if (r.nextInt(5) == 0) { // repeated parameter
                q.append('&').append(enc(name)).append('=').append(enc(value()));
            }
        }
        return q.toString();
    }

    String seg() {
        String v = r.nextInt(3) == 0 ? value() : Long.toHexString(r.nextLong());
        String e = enc(v);
        return e.isEmpty() ? "x" : e;
    }

    String path() {
        String p = pick(PATHS);
        if (p.startsWith("/system/v1/") && p.endsWith("%s")) {
            p = p.substring(0, p.length() - 2) + pick(DCOS_SUFFIXES);
        }
        while (p.contains("%s")) {
            p = p.replaceFirst("%s", java.util.regex.Matcher.quoteReplacement(seg()));
        }
        return p;
    }

    // ---- the test ------------------------------------------------------------------------------------------

    record Outcome(String request, int status, String contentType, String body, long millis) {
    }

    Outcome send(String pathAndQuery, String accept, String range, String lastEventId) throws Exception {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(stack.uri(pathAndQuery)).timeout(BOUND);
        } catch (IllegalArgumentException e) {
            return null; // not a URI the client can even send
        }
        if (accept != null) {
            b.header("Accept", accept.replaceAll("[^ -~]", "?"));
        }
        if (range != null) {
            b.header("Range", range.replaceAll("[^ -~]", "?"));
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId.replaceAll("[^ -~]", "?"));
        }
        long t0 = System.nanoTime();
        HttpResponse<InputStream> resp = stack.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String body;
        try (InputStream in = resp.body()) {
            // an error body is small and complete; a 2xx may be a follow: read a little and hang up
            if (resp.statusCode() >= 400) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                byte[] some = new byte[256];
                int n = in.read(some);
                body = n <= 0 ? "" : new String(some, 0, n, StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            body = "<" + e + ">";
        }
        return new Outcome(pathAndQuery + " Accept=" + accept + " Range=" + range + " Last-Event-ID=" + lastEventId,
                resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), body, ms);
    }

    String range() {
        switch (r.nextInt(8)) {
            case 0: return null;
            case 1: return "entries=" + badCursor();
            case 2: return "entries=" + value() + ":" + value() + ":" + value();
            case 3: return "entries=:" + (r.nextInt(2000) - 1000) + ":" + (r.nextInt(2000) - 1000);
            case 4: return "bytes=0-100";
            case 5: return "entries=" + cursors.get(0) + ":" + Long.MAX_VALUE + ":" + Long.MIN_VALUE;
            case 6: return "entries=::::";
            default: return "entries=" + value();
        }
    }

    @Test
    void malformedHttpRequestsOnEveryRouteGetA4xxWithABodyNeverA5xxOrAHang() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<CompletableFuture<Outcome>> all = new ArrayList<>();
        try {
            for (int i = 0; i < HTTP_REQUESTS; i++) {
                String p = path();
                boolean dcos = p.startsWith("/system/") || p.startsWith("/v1/");
                String q = query(dcos ? DCOS_PARAMS : NATIVE_PARAMS);
                String accept = r.nextInt(3) == 0 ? null : pick(ACCEPTS);
                String range = p.endsWith("entries") && !p.startsWith("/api") ? range() : null;
                String lastEventId = r.nextInt(10) == 0 ? value() : null;
                String request = p + q;
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return send(request, accept, range, lastEventId);
                    } catch (Exception e) {
                        throw new IllegalStateException("seed " + SEED + ": " + request + " Accept=" + accept + " Range="
                                + range + " → " + e, e);
                    }
                }, pool));
            }
            int answered = 0;
            int errors = 0;
            for (CompletableFuture<Outcome> f : all) {
                Outcome o = f.get(2 * BOUND.toSeconds(), TimeUnit.SECONDS);
                if (o == null) {
                    continue;
                }
                answered++;
                String where = "seed " + SEED + ": " + o.request() + " → " + o.status() + " " + o.body();
                assertTrue(o.status() < 500, where);
                if (o.status() == 414 || o.status() == 431) {
                    continue; // refused by the HTTP codec (request line / headers too long) before any route runs
                }
                assertTrue(o.millis() < BOUND.toMillis(), "answered within the bound: " + where);
                if (o.status() >= 400) {
                    errors++;
                    assertTrue(o.contentType().startsWith("application/json"), "JSON error body: " + where);
                    JsonNode body = JSON.readTree(o.body());
                    assertTrue(body.hasNonNull("error") && body.hasNonNull("detail"), where);
                }
            }
            assertTrue(answered >= 1000, "at least 1,000 requests were sent: " + answered);
            assertTrue(errors > answered / 2, "most generated requests are malformed: " + errors + " of " + answered);
        } finally {
            pool.shutdownNow();
        }
        stillServes();
    }

    @Test
    void malformedGrpcQueriesGetAStatusNeverInternalOrAHang() throws Exception {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", stack.port).usePlaintext().build();
        try {
            for (int i = 0; i < GRPC_REQUESTS; i++) {
                QueryRequest q = grpcRequest();
                Status s;
                try {
                    LogQueryGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS).query(q)
                            .forEachRemaining(x -> { });
                    s = Status.OK;
                } catch (io.grpc.StatusRuntimeException e) {
                    s = e.getStatus();
                }
                String where = "seed " + SEED + ": " + q.toString().replace('\n', ' ') + " → " + s;
                switch (s.getCode()) {
                    case OK, INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, OUT_OF_RANGE -> {
                    }
                    case DEADLINE_EXCEEDED -> assertTrue(q.getFollow(), "only a follow may run into the deadline: " + where);
                    default -> fail("unexpected status: " + where);
                }
                assertTrue(s.isOk() || (s.getDescription() != null && !s.getDescription().isBlank())
                        || s.getCode() == Status.Code.DEADLINE_EXCEEDED, "the status names the problem: " + where);
            }
        } finally {
            ch.shutdownNow();
        }
        stillServes();
    }

    QueryRequest grpcRequest() {
        QueryRequest.Builder b = QueryRequest.newBuilder();
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(14)) {
                case 0 -> b.setStart(Position.newBuilder().setCursor(r.nextBoolean() ? badCursor() : value()));
                case 1 -> b.setStart(Position.newBuilder().setAfterCursor(r.nextBoolean() ? badCursor() : value()));
                case 2 -> b.setLimit(r.nextBoolean() ? r.nextLong() : -1 - r.nextInt(100));
                case 3 -> b.setSkip(r.nextLong());
                case 4 -> b.addMatches(MatchGroup.newBuilder().addMatches(Match.newBuilder().setField(value())
                        .setValue(ByteString.copyFromUtf8(value()))));
                case 5 -> b.setGrep(r.nextBoolean() ? "([" : value());
                case 6 -> b.setPriorityMin(r.nextInt()).setPriorityMax(r.nextInt(20));
                case 7 -> b.setSinceRealtimeUsec(r.nextLong()).setUntilRealtimeUsec(r.nextLong());
                case 8 -> b.addNodeIds(value());
                case 9 -> b.setSelector(Selector.newBuilder().setTask(value()));
                case 10 -> b.setDirectionValue(r.nextInt(5) - 1);
                case 11 -> b.setFollow(true).setDirection(r.nextBoolean() ? Direction.DIRECTION_BACKWARD : Direction.DIRECTION_FORWARD);
                case 12 -> b.addUnits(value());
                default -> b.setStart(Position.newBuilder().setRealtimeUsec(r.nextLong()));
            }
        }
        return b.build();
    }

    static void stillServes() throws Exception {
        HttpResponse<String> ok = stack.get("/api/v1/entries?limit=5");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(5, ok.body().split("\n").length, ok.body());
    }
}
