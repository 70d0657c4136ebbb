package io.tributary.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak ({@code keycloak-quarkus-dist}, unpacked by the build into the module's target/keycloak when the
 * module has src/test/resources/keycloak: the root pom's {@code keycloak} profile) in dev mode on free ports of
 * 127.0.0.1, with the given realm files imported. Its H2 database is deleted before each start, so every run
 * imports the realms afresh. Returns once the first realm file's realm is served.
 *
 * <p>The JDK: {@code -Dkeycloak.java.home}, else Temurin 25 (/usr/lib/jvm/temurin-25-jdk-amd64), else any JDK 21+
 * under /usr/lib/jvm, else the JDK running the tests. Keycloak 26.7.3 is compiled for Java 17 and was seen to
 * start, import realms and issue tokens on Debian 12's OpenJDK 17 too.
 */
public final class KeycloakProcess implements AutoCloseable {

    private static final Pattern REALM = Pattern.compile("\"realm\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final Process process;
    private final Path log;
    private final String url;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public KeycloakProcess(List<Path> realmFiles) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.7.3")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IOException(home + "/bin/kc.sh missing: the build unpacks Keycloak in pre-integration-test (mvn verify)");
        }
        deleteTree(home.resolve("data/h2"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (Stream<Path> old = Files.list(imports)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (Path realm : realmFiles) {
            Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        log = Path.of("target/keycloak.log").toAbsolutePath();
        int port = ServiceProcess.freePort();
        url = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + ServiceProcess.freePort(),
                "--import-realm", "--cache=local")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        process = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        Matcher realm = REALM.matcher(Files.readString(realmFiles.get(0)));
        if (!realm.find()) {
            close();
            throw new IOException(realmFiles.get(0) + " names no realm");
        }
        awaitRealm(realm.group(1), Duration.ofSeconds(300));
    }

    /** The base URL, http://127.0.0.1:port. */
    public String url() {
        return url;
    }

    static String javaHome() {
        String configured = System.getProperty("keycloak.java.home", "");
        if (!configured.isBlank()) {
            return configured;
        }
        Path temurin = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isExecutable(temurin.resolve("bin/java"))) {
            return temurin.toString();
        }
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            Optional<Path> modern = jvms.filter(p -> Files.isExecutable(p.resolve("bin/java")))
                    .filter(p -> featureVersion(p) >= 21).max(Comparator.comparingInt(KeycloakProcess::featureVersion));
            if (modern.isPresent()) {
                return modern.get().toString();
            }
        } catch (IOException noJvmDir) {
            // fall through
        }
        return System.getProperty("java.home");
    }

    private static int featureVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1);
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException unknown) {
            // not a JDK we can read
        }
        return 0;
    }

    public String issuer(String realm) {
        return url + "/realms/" + realm;
    }

    private void awaitRealm(String realm, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = URI.create(issuer(realm) + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Keycloak exited (" + process.exitValue() + "); see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IOException("Keycloak did not serve realm " + realm + " within " + timeout + "; see " + log);
    }

    /** A token from the realm's token endpoint (password or client_credentials grant). */
    public String token(String realm, Map<String, String> form) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("token from " + realm + " with " + form.get("grant_type") + ": HTTP " + r.statusCode() + " " + r.body());
        }
        Matcher token = ACCESS_TOKEN.matcher(r.body());
        if (!token.find()) {
            throw new IOException("no access_token from " + realm + ": " + r.body());
        }
        return token.group(1);
    }

    public String password(String realm, String client, String secret, String user) throws IOException, InterruptedException {
        return token(realm, Map.of("grant_type", "password", "client_id", client, "client_secret", secret,
                "username", user, "password", user));
    }

    /** Admin REST call with a master-realm admin token; returns the body. */
    public String admin(String method, String path, String json) throws IOException, InterruptedException {
        String adminToken = token("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", "admin", "password", "admin"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/admin" + path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json");
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.delete(all.get(i));
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
