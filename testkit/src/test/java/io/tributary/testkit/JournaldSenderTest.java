package io.tributary.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaldSenderTest {

    @Test
    void encodesTextAndBinaryFieldsPerNativeProtocol() {
        byte[] got = JournaldSender.encode(List.of(JournalField.of("MESSAGE", "hi"), JournalField.of("MULTI", "a\nb")));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes("MESSAGE=hi\nMULTI\n".getBytes(StandardCharsets.US_ASCII));
        want.writeBytes(new byte[] {3, 0, 0, 0, 0, 0, 0, 0});
        want.writeBytes("a\nb\n".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(want.toByteArray(), got);
        assertThrows(IllegalArgumentException.class, () -> JournaldSender.encode(List.of(JournalField.of("lower", "x"))));
        assertThrows(IllegalArgumentException.class, () -> JournaldSender.encode(List.of(JournalField.of("1ST", "x"))));
    }

    @Test
    void aStaleSocketFileRefusesTheDatagram(@TempDir Path dir) throws Exception {
        // A socket file whose owner is gone, like the one a stopped journald leaves behind.
        Path stale = dir.resolve("socket");
        Exec.run("python3", "-c", "import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind('" + stale + "')");
        assertTrue(Files.exists(stale));
        try (JournaldSender s = JournaldSender.open(stale)) {
            IOException e = assertThrows(IOException.class, () -> s.send(JournalField.of("MESSAGE", "x")));
            assertTrue(e.getMessage().contains("ECONNREFUSED"), e.getMessage());
        }
        try (JournaldSender s = JournaldSender.open(dir.resolve("missing"))) {
            IOException e = assertThrows(IOException.class, () -> s.send(JournalField.of("MESSAGE", "x")));
            assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        }
    }
}
