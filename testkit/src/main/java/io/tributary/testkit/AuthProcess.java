package io.tributary.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packaged auth service ({@code services/auth}) in its own JVM with a fresh state directory, for tests of
 * the services that require service tokens. Service accounts get a generated RSA key pair: the public key is
 * registered at auth, the private key is written to a PEM file for the service (or the test) that logs in.
 *
 * <pre>{@code
 * try (AuthProcess auth = AuthProcess.builder(Path.of("../auth")).serviceAccount("topology", "tributary:service").start()) {
 *     reader.systemProperty("tributary.service-auth.url", auth.url()) ...
 * }
 * }</pre>
 */
public final class AuthProcess implements AutoCloseable {

    private final ServiceProcess process;
    private final int port;
    private final Path stateDir;
    private final Map<String, Path> privateKeys;

    private AuthProcess(Builder b) throws IOException {
        this.port = ServiceProcess.freePort();
        this.stateDir = b.stateDir;
        this.privateKeys = Map.copyOf(b.privateKeys);
        ServiceProcess.Builder sp = ServiceProcess.quarkusApp(b.moduleDir)
                .logFile(b.logFile != null ? b.logFile : Path.of("target/auth-" + port + ".log"))
                .systemProperty("quarkus.http.host", "127.0.0.1")
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.auth.state-dir", stateDir)
                .systemProperty("tributary.auth.issuer.url", "http://127.0.0.1:" + port);
        b.properties.forEach(sp::systemProperty);
        b.environment.forEach(sp::environment);
        this.process = sp.waitForPort(port).start();
    }

    public static Builder builder(Path authModuleDir) throws IOException {
        return new Builder(authModuleDir);
    }

    /** Base URL, which is also the issuer of its tokens. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The PEM private key of a service account made by {@link Builder#serviceAccount}. */
    public Path privateKeyFile(String uid) {
        Path p = privateKeys.get(uid);
        if (p == null) {
            throw new IllegalArgumentException("no service account " + uid);
        }
        return p;
    }

    public ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    public static final class Builder {
        private final Path moduleDir;
        private Path stateDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, Path> privateKeys = new LinkedHashMap<>();
        private Path logFile;

        private Builder(Path moduleDir) throws IOException {
            this.moduleDir = moduleDir;
            this.stateDir = Files.createTempDirectory("auth-state");
        }

        /** A service account with a new RSA key pair and these permissions (e.g. tributary:service). */
        public Builder serviceAccount(String uid, String... permissions) throws IOException {
            KeyPair kp;
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                kp = g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
            Path pub = stateDir.resolveSibling(stateDir.getFileName() + "-" + uid + ".pub.pem");
            Path priv = stateDir.resolveSibling(stateDir.getFileName() + "-" + uid + ".pem");
            Files.writeString(pub, pem(kp.getPublic()), StandardCharsets.US_ASCII);
            Files.writeString(priv, pem(kp.getPrivate()), StandardCharsets.US_ASCII);
            privateKeys.put(uid, priv);
            property("tributary.auth.service-accounts." + uid + ".public-key-file", pub.toString());
            property("tributary.auth.service-accounts." + uid + ".permissions", String.join(",", permissions));
            return this;
        }

        public Builder property(String name, Object value) {
            properties.put(name, String.valueOf(value));
            return this;
        }

        /** Reuse a state directory (a restart keeps the key and the bootstrap admin password). */
        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public AuthProcess start() throws IOException {
            return new AuthProcess(this);
        }
    }

    /** PKCS#8 (private) or X.509 (public) PEM text. */
    public static String pem(Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END " + type + "-----\n";
    }
}
