package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The user's config file, {@code $XDG_CONFIG_HOME/tributary/config.json} (else {@code ~/.config/tributary/}): the
 * tokens from {@code tributary login}, one per server URL. The directory is created 0700 and the file written 0600
 * (created with those permissions, then moved into place), since a token grants log access.
 */
public final class Config {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    Config(Path file) {
        this.file = file;
    }

    public static Config forUser(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new Config(base.resolve("tributary").resolve("config.json"));
    }

    public Path file() {
        return file;
    }

    /** The stored token for a server, or null. */
    public String token(String url) {
        JsonNode t = read().path("tokens").path(url).path("token");
        return t.isTextual() ? t.asText() : null;
    }

    public void saveToken(String url, String uid, String token, long expiresAt) {
        ObjectNode root = read();
        ObjectNode entry = root.with("tokens").putObject(url);
        entry.put("uid", uid).put("token", token);
        if (expiresAt > 0) {
            entry.put("expires_at", expiresAt);
        }
        write(root);
    }

    private ObjectNode read() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private void write(ObjectNode root) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = Files.createTempFile(dir, ".config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
