package io.tributary.auth.issuer;

import io.tributary.auth.config.AuthConfig;
import io.tributary.auth.permission.Permissions;
import io.tributary.serviceauth.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The embedded issuer's principals: users (password hash), service accounts (public key) and the bootstrap
 * admin, each with canonical permissions. Built once from configuration; a bad entry fails the start.
 */
public final class Directory {

    private static final Logger LOG = Logger.getLogger(Directory.class);
    public static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD_FILE = "bootstrap-admin-password";

    /** A user or service account. Exactly one of passwordHash and publicKey is set. */
    public record Account(String uid, PasswordHash passwordHash, PublicKey publicKey, List<String> permissions) {
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    public Directory(AuthConfig config) throws IOException {
        config.users().forEach((uid, u) -> {
            String where = "tributary.auth.users." + uid;
            PasswordHash hash;
            try {
                hash = PasswordHash.parse(u.passwordHash());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".password-hash: " + e.getMessage(), e);
            }
            add(new Account(uid, hash, null,
                    Permissions.canonicalAll(u.permissions().orElse(List.of()), where + ".permissions")));
        });
        for (Map.Entry<String, AuthConfig.ServiceAccount> e : config.serviceAccounts().entrySet()) {
            String where = "tributary.auth.service-accounts." + e.getKey();
            AuthConfig.ServiceAccount a = e.getValue();
            String pem;
            if (a.publicKey().isPresent()) {
                pem = a.publicKey().get();
            } else if (a.publicKeyFile().isPresent()) {
                pem = Files.readString(a.publicKeyFile().get(), StandardCharsets.US_ASCII);
            } else {
                throw new IllegalArgumentException(where + ": set public-key or public-key-file");
            }
            PublicKey key;
            try {
                key = Pem.publicKey(pem);
            } catch (IOException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
            add(new Account(e.getKey(), null, key, Permissions.canonicalAll(a.permissions(), where + ".permissions")));
        }
        if (config.bootstrapAdmin().enabled() && !accounts.containsKey(ADMIN)) {
            String password = config.bootstrapAdmin().password().filter(p -> !p.isBlank())
                    .orElseGet(() -> storedOrGeneratedPassword(config.stateDir()));
            add(new Account(ADMIN, PasswordHash.parse(PasswordHash.hash(password.toCharArray(), 100_000)), null,
                    List.of(Permissions.EVERYTHING)));
        }
        LOG.infof("embedded issuer knows %d principals: %s", accounts.size(), accounts.keySet());
    }

    private void add(Account a) {
        if (accounts.putIfAbsent(a.uid(), a) != null) {
            throw new IllegalArgumentException("uid '" + a.uid() + "' is configured twice (user and service account)");
        }
    }

    public Optional<Account> find(String uid) {
        return Optional.ofNullable(accounts.get(uid));
    }

    /** The admin password kept in the state directory; generated (and printed once) on first start. */
    private static String storedOrGeneratedPassword(Path stateDir) {
        Path file = stateDir.resolve(ADMIN_PASSWORD_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] b = new byte[18];
                new SecureRandom().nextBytes(b);
                String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                if (StateFiles.createOwnerOnly(file, generated + "\n")) {
                    // printed once, to stdout, so it reaches the operator but not structured logs
                    System.out.println("\n*** Tributary auth: bootstrap admin created. uid: admin  password: " + generated
                            + "\n*** (stored owner-only in " + file + "; set TRIBUTARY_AUTH_BOOTSTRAP_ADMIN_PASSWORD to choose it)\n");
                    return generated;
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the bootstrap admin password in " + file + ": " + e.getMessage(), e);
        }
    }
}
