package io.tributary.auth.issuer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void hashesVerifyAndAreSalted() {
        String h = PasswordHash.hash("s3cret".toCharArray(), 10_000);
        assertTrue(h.startsWith("pbkdf2-sha256$10000$"));
        assertTrue(PasswordHash.parse(h).matches("s3cret".toCharArray()));
        assertFalse(PasswordHash.parse(h).matches("s3cret!".toCharArray()));
        assertNotEquals(h, PasswordHash.hash("s3cret".toCharArray(), 10_000));
    }

    @Test
    void plainTextAndWeakHashesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("s3cret"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(PasswordHash.hash("x".toCharArray(), 1000)));
    }
}
