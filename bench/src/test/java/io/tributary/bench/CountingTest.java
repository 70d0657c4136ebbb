package io.tributary.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The benchmarks' entry counts are only as good as this: the counter and the HTTP/1.1 body decoding. */
class CountingTest {

    @Test
    void theWordWiseCounterAgreesWithAByteWiseCountAtAnySplit() {
        Random rnd = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] data = new byte[rnd.nextInt(200)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) switch (rnd.nextInt(4)) {
                    case 0 -> '\n';
                    case 1 -> 0x8A; // '\n' | 0x80: must not count
                    case 2 -> 0x0B;
                    default -> rnd.nextInt(256);
                };
            }
            for (boolean export : new boolean[] {false, true}) {
                Counting.Counter c = new Counting.Counter(export);
                int at = 0;
                while (at < data.length) {
                    int n = Math.min(data.length - at, rnd.nextInt(20));
                    c.accept(data, at, n);
                    at += n;
                }
                assertEquals(naive(data, export), c.count(), "export=" + export + " round " + round);
            }
        }
    }

    @Test
    void aChunkedBodyIsDecodedAndOnlyItsDataCounted() throws Exception {
        // chunk sizes in hex with an extension, boundaries inside lines, the chunk framing's own CRLFs not counted
        String body = "5;x=y\r\n{\"a\":\r\n" + "b\r\n1}\n{\"b\":2}\n\r\n" + "3\r\n{}\n\r\n" + "0\r\n\r\n";
        Counting.Count c = serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-ndjson\r\n\r\n"
                + body, 3);
        assertEquals(200, c.status());
        assertEquals(3, c.entries());
        assertEquals(5 + 11 + 3, c.bytes());
    }

    @Test
    void contentLengthAndCloseDelimitedBodiesAndTheStatusAreRead() throws Exception {
        Counting.Count sized = serve("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na\nb\n", 1);
        assertEquals(2, sized.entries());
        assertEquals(4, sized.bytes());
        Counting.Count closed = serve("HTTP/1.0 404 Not Found\r\n\r\n{\"error\":\"x\"}\n", 2);
        assertEquals(404, closed.status());
        assertEquals(1, closed.entries());
    }

    @Test
    void aConnectionClosedInsideAChunkIsAnError() {
        assertThrows(IOException.class,
                () -> serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort\n", 1));
    }

    /** Serves one response, written in pieces of {@code piece} bytes, to one {@link Counting#get}. */
    private static Counting.Count serve(String response, int piece) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    byte[] req = new byte[4096];
                    s.getInputStream().read(req); // the request fits one read; its content is not under test
                    OutputStream out = s.getOutputStream();
                    byte[] r = response.getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < r.length; i += piece) {
                        out.write(r, i, Math.min(piece, r.length - i));
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try {
                return Counting.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/e?x=1"), "application/x-ndjson");
            } finally {
                served.join();
            }
        }
    }

    private static long naive(byte[] a, boolean export) {
        long n = 0;
        byte prev = 0;
        for (byte x : a) {
            if (x == '\n' && (!export || prev == '\n')) {
                n++;
            }
            prev = x;
        }
        return n;
    }
}
