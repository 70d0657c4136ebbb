package io.tributary.auth.issuer;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in configuration: {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}
 * (PBKDF2-HMAC-SHA256, 32-byte hash, 16-byte salt; 600,000 iterations by default, OWASP's 2023 figure).
 * Make one with {@code java -jar services/auth/target/quarkus-app/quarkus-run.jar hash-password}.
 */
public final class PasswordHash {

    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int MIN_ITERATIONS = 10_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Parses a configured hash; anything else (a plain-text password, another scheme) is refused. */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.strip().split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not a " + PREFIX + "$<iterations>$<salt>$<hash> password hash "
                    + "(make one with: java -jar quarkus-run.jar hash-password)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
            if (iterations < MIN_ITERATIONS) {
                throw new IllegalArgumentException("password hash with " + iterations + " iterations: at least "
                        + MIN_ITERATIONS + " are required");
            }
            Base64.Decoder d = Base64.getDecoder();
            return new PasswordHash(iterations, d.decode(parts[2]), d.decode(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad iteration count in password hash", e);
        }
    }

    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
