package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.Fixtures.bytes;
import static io.tributary.reader.sdjournal.JournalWriter.field;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testkit.PrivateJournald;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writers: what SocketWriter sends to a private journald arrives byte-exact; failures are exceptions. */
class JournalWriterTest {

    private static final Path DEFAULT_SOCKET = Path.of("/run/systemd/journal/socket");

    private static PrivateJournald journald;
    private static JournalWriter writer;

    @BeforeAll
    static void start() throws IOException {
        // Room for the entries bigger than a socket buffer.
        journald = PrivateJournald.builder().maxFileSize("256M").start();
        writer = JournalWriter.socket(journald.socketPath());
    }

    @AfterAll
    static void stop() {
        writer.close();
        journald.close();
    }

    @Test
    void textValueArrivesWithJournaldsTrustedFields() {
        String id = Fixtures.uniqueId();
        writer.send(List.of(field("MESSAGE", "hello journal"), field("PRIORITY", "5"), field("EQ", "a=b=c"),
                field("WRITER_TEST_ID", id)));
        JournalEntry e = awaitOne(id);
        assertEquals("hello journal", e.text("MESSAGE"));
        assertEquals("5", e.text("PRIORITY"));
        assertEquals("a=b=c", e.text("EQ"));
        assertEquals(Long.toString(ProcessHandle.current().pid()), e.text("_PID"));
        assertEquals("journal", e.text("_TRANSPORT"));
        assertEquals(journald.namespace(), e.text("_NAMESPACE"));
    }

    @Test
    void multiLineValueUsesTheBinaryFormAndArrivesExact() {
        String message = "first line\nsecond line\n\n\tindented fourth\n";
        assertEquals(bytes(message.getBytes(UTF_8)), bytes(sendAndRead("MESSAGE", message.getBytes(UTF_8))));
    }

    @Test
    void invalidUtf8AndControlBytesArriveExact() {
        byte[] value = {'x', (byte) 0xff, (byte) 0xfe, 0x00, 0x01, (byte) 0xc3, 0x28, 0x1b, '[', '0', 'm', 'y'};
        assertArrayEquals(value, sendAndRead("MESSAGE", value));
    }

    @Test
    void emptyValueArrives() {
        assertArrayEquals(new byte[0], sendAndRead("EMPTY", new byte[0]));
    }

    @Test
    void repeatedFieldKeepsBothValues() {
        String id = Fixtures.uniqueId();
        writer.send(List.of(field("MESSAGE", "repeated"), field("TAG", "alpha"), field("TAG", "beta\nmultiline"),
                field("WRITER_TEST_ID", id)));
        JournalEntry e = awaitOne(id);
        assertEquals(List.of("alpha", "beta\nmultiline"), e.values("TAG").stream().map(Fixtures::bytes).sorted().toList());
    }

    /** Note: with wmem_max = 4 MiB (SO_SNDBUF 8 MiB) this still fits one datagram; the memfd test is the next one. */
    @Test
    void oneMebibyteValueArrivesExact() {
        byte[] value = randomPrintable(1 << 20, 1);
        assertArrayEquals(value, sendAndRead("MESSAGE", value));
    }

    /**
     * An entry bigger than any datagram the socket can send (sendto fails with EMSGSIZE once the datagram exceeds
     * SO_SNDBUF, which the kernel caps at 2 x wmem_max) can only go as a sealed memfd. With multi-line content, to exercise the binary form inside the memfd too.
     */
    @Test
    void entryBiggerThanTheSocketBufferGoesAsMemfdAndArrivesExact() throws IOException {
        long wmemMax = Long.parseLong(Files.readString(Path.of("/proc/sys/net/core/wmem_max"), US_ASCII).strip());
        int size = Math.toIntExact(2 * Math.min(8L << 20, wmemMax) + (1 << 20));
        byte[] value = randomPrintable(size, 2);
        for (int i = 4096; i < value.length; i += 4096) {
            value[i] = '\n';
        }
        assertArrayEquals(value, sendAndRead("MESSAGE", value));
    }

    @Test
    void namespaceWriterReachesTheNamespace() {
        String id = Fixtures.uniqueId();
        try (JournalWriter w = JournalWriter.namespace(journald.namespace())) {
            w.send(List.of(field("MESSAGE", "via namespace()"), field("WRITER_TEST_ID", id)));
        }
        assertEquals("via namespace()", awaitOne(id).text("MESSAGE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOEQUALS", "lower=x", "_TRUSTED=x", "=x", "0DIGIT=x", "SPACE IN=x", "Ä=x",
        "A1234567890123456789012345678901234567890123456789012345678901234=x"})
    void invalidItemsAreRejectedBeforeSending(String item) {
        assertThrows(IllegalArgumentException.class, () -> writer.send(List.of(item.getBytes(UTF_8))));
        assertThrows(IllegalArgumentException.class,
                () -> writer.send(List.of(field("MESSAGE", "ok"), item.getBytes(UTF_8))));
    }

    @Test
    void emptyEntryIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> writer.send(List.of()));
    }

    @Test
    void sixtyFourCharacterNameIsAccepted() {
        String name = "A".repeat(64);
        String id = Fixtures.uniqueId();
        writer.send(List.of(field(name, "long name"), field("WRITER_TEST_ID", id)));
        assertEquals("long name", awaitOne(id).text(name));
    }

    @Test
    void missingSocketIsENOENT() throws IOException {
        Path missing = Fixtures.tempDir("sdjournal-nosock").resolve("socket");
        try (JournalWriter w = JournalWriter.socket(missing)) {
            JournalException e = assertThrows(JournalException.class, () -> w.send(List.of(field("MESSAGE", "x"))));
            assertEquals(Errno.ENOENT, e.errno());
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }

    /** A socket file nobody listens on any more (what a stopped journald leaves behind). */
    @Test
    void staleSocketIsECONNREFUSED() throws IOException {
        Path stale = Fixtures.tempDir("sdjournal-stale").resolve("socket");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));
        try (JournalWriter w = JournalWriter.socket(stale)) {
            JournalException e = assertThrows(JournalException.class, () -> w.send(List.of(field("MESSAGE", "x"))));
            assertEquals(Errno.ECONNREFUSED, e.errno());
            assertTrue(e.getMessage().contains("ECONNREFUSED (111)"), e.getMessage());
        }
    }

    @Test
    void socketPathTooLongIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> JournalWriter.socket(Path.of("/" + "x".repeat(120))));
    }

    @Test
    void sendAfterCloseIsAnErrorNotAWriteToAReusedDescriptor() {
        JournalWriter w = JournalWriter.socket(journald.socketPath());
        w.close();
        assertThrows(IllegalStateException.class, () -> w.send(List.of(field("MESSAGE", "after close"))));
    }

    /** close() twice must not close a descriptor the process opened in between (it would get the same number). */
    @Test
    void closeTwiceLeavesOtherDescriptorsAlone() throws IOException {
        Path file = Files.writeString(Fixtures.tempDir("sdjournal-fd").resolve("f"), "still open");
        JournalWriter w = JournalWriter.socket(journald.socketPath());
        w.close();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) { // likely the writer's old number
            w.close();
            assertEquals("still open", f.readLine());
        }
    }

    /**
     * sd_journal_sendv() would return 0 without a listening journald; the writer must fail instead. The default socket
     * is the machine's: absent (ENOENT), left behind by a journald that has exited (ECONNREFUSED), or live (arrives).
     */
    @Test
    void sendvWithoutTheDefaultJournaldFailsOrArrives() {
        String id = Fixtures.uniqueId();
        try (JournalWriter w = JournalWriter.sendv()) {
            List<byte[]> entry = List.of(field("MESSAGE", "sendv test"), field("WRITER_TEST_ID", id));
            boolean socketExists = Files.exists(DEFAULT_SOCKET);
            try {
                w.send(entry);
            } catch (JournalException e) {
                int expected = socketExists ? Errno.ECONNREFUSED : Errno.ENOENT;
                assertEquals(expected, e.errno(), e.getMessage());
                assertTrue(e.getMessage().startsWith("sd_journal_sendv: " + Errno.name(expected)), e.getMessage());
                return;
            }
            assertTrue(socketExists, "sendv reported success without a journald socket");
            assertEquals("sendv test", awaitLocal(id).text("MESSAGE"));
        }
    }

    @Test
    void sendvAfterCloseIsAnError() {
        JournalWriter w = JournalWriter.sendv();
        w.close();
        assertThrows(IllegalStateException.class, () -> w.send(List.of(field("MESSAGE", "after close"))));
        w.close();
    }

    @Test
    void sendvValidatesToo() {
        try (JournalWriter w = JournalWriter.sendv()) {
            assertThrows(IllegalArgumentException.class, () -> w.send(List.of("lower=x".getBytes(UTF_8))));
        }
    }

    /** Two threads, each with its own writer: every entry arrives, and each thread's entries stay in order. */
    @Test
    void twoThreadsWithTheirOwnWritersKeepTheirOrder() throws Exception {
        String id = Fixtures.uniqueId();
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String thread : List.of("A", "B")) {
                done.add(pool.submit(() -> {
                    try (JournalWriter w = JournalWriter.socket(journald.socketPath())) {
                        for (int i = 0; i < perThread; i++) {
                            String body = i % 10 == 0 ? "multi\nline " + i : "line " + i; // both encodings
                            w.send(List.of(field("MESSAGE", body), field("THREAD", thread),
                                    field("SEQ", Integer.toString(i)), field("WRITER_TEST_ID", id)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<JournalEntry> got = Fixtures.awaitEntries(journald.namespace(), "WRITER_TEST_ID", id, 2 * perThread);
        assertEquals(2 * perThread, got.size());
        for (String thread : List.of("A", "B")) {
            List<Integer> seqs = got.stream().filter(e -> thread.equals(e.text("THREAD")))
                    .map(e -> Integer.parseInt(e.text("SEQ"))).toList();
            assertEquals(java.util.stream.IntStream.range(0, perThread).boxed().toList(), seqs, "thread " + thread);
        }
    }

    // ---- helpers

    /** Sends MESSAGE-less entry {name=value, WRITER_TEST_ID=<new id>} and returns name's value as journald stored it. */
    private static byte[] sendAndRead(String name, byte[] value) {
        String id = Fixtures.uniqueId();
        writer.send(List.of(field(name, value), field("WRITER_TEST_ID", id)));
        JournalEntry e = awaitOne(id);
        assertEquals(1, e.values(name).size());
        return e.value(name);
    }

    private static JournalEntry awaitOne(String id) {
        List<JournalEntry> got = Fixtures.awaitEntries(journald.namespace(), "WRITER_TEST_ID", id, 1);
        assertEquals(1, got.size(), "entry " + id + " arrived");
        return got.get(0);
    }

    private static JournalEntry awaitLocal(String id) {
        try (Journal j = Journal.open(JournalSource.local())) {
            j.addMatch("WRITER_TEST_ID", id.getBytes(UTF_8));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                j.seekHead();
                if (j.next()) {
                    return j.entry();
                }
                j.await(200_000);
            }
            throw new AssertionError("sendv entry " + id + " did not arrive in the local journal");
        }
    }

    private static byte[] randomPrintable(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (' ' + r.nextInt(95));
        }
        return b;
    }
}
