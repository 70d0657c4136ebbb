package io.tributary.reader.sdjournal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.tributary.testkit.GeneratedEntry;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.PrivateJournald;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Shared test data for the binding tests: journal files written by systemd-journal-remote from the test kit's
 * generator (made once per JVM, lazily), and small helpers to read a handle out.
 */
public final class Fixtures {

    /** One node, 600 entries, every 10th special (all six kinds appear 10 times). */
    static final JournalGenerator ONE_NODE = JournalGenerator.builder()
            .entries(600).nodes(1).frameworks(8).executorsPerFramework(2).specialEvery(10).seed(11).build();

    /** Two nodes, 400 entries each, merged by realtime when the root directory is opened. */
    static final JournalGenerator TWO_NODES = JournalGenerator.builder()
            .entries(800).nodes(2).frameworks(8).executorsPerFramework(2).specialEvery(25).seed(12).build();

    private static Path oneNodeDir;
    private static Path twoNodeRoot;

    private Fixtures() {
    }

    /** {@code <tmp>/<machine-id>}: the one node's journal directory (one file). */
    public static synchronized Path oneNodeDir() {
        if (oneNodeDir == null) {
            try {
                oneNodeDir = JournalFiles.writeNode(ONE_NODE, 0, tempDir("sdjournal-one"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return oneNodeDir;
    }

    /** {@code <tmp>} holding {@code <machine-id-0>/} and {@code <machine-id-1>/}. */
    public static synchronized Path twoNodeRoot() {
        if (twoNodeRoot == null) {
            try {
                Path root = tempDir("sdjournal-two");
                JournalFiles.write(TWO_NODES, root);
                twoNodeRoot = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return twoNodeRoot;
    }

    public static List<GeneratedEntry> oneNodeEntries() {
        return ONE_NODE.entries(0);
    }

    /** Both nodes' entries in the order sd-journal merges them (realtime; the nodes have different boots). */
    public static List<GeneratedEntry> twoNodeEntriesByRealtime() {
        List<GeneratedEntry> all = new ArrayList<>(TWO_NODES.entries(0));
        all.addAll(TWO_NODES.entries(1));
        all.sort(Comparator.comparingLong(GeneratedEntry::realtimeUsec));
        return all;
    }

    public static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        return dir;
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    // ---- reading

    public static Journal openDir(Path dir) {
        return Journal.open(JournalSource.directory(dir));
    }

    /** Every entry from the current position forward. */
    static List<JournalEntry> readAll(Journal j) {
        List<JournalEntry> out = new ArrayList<>();
        while (j.next()) {
            out.add(j.entry());
        }
        return out;
    }

    /** seek_head, then every entry. */
    static List<JournalEntry> readFromHead(Journal j) {
        j.seekHead();
        return readAll(j);
    }

    static int countFromHead(Journal j) {
        j.seekHead();
        int n = 0;
        while (j.next()) {
            n++;
        }
        return n;
    }

    /** The MESSAGE of the current entry, as text (the generator makes MESSAGE unique per entry). */
    static String message(Journal j) {
        return new String(j.field("MESSAGE").orElseThrow(), UTF_8);
    }

    // ---- comparing fields byte-exact: ISO-8859-1 maps every byte to one char, so strings compare bytes

    /** The data items of a read entry as sorted byte-exact strings (journal files do not keep field order). */
    static List<String> sortedItems(JournalEntry e) {
        return e.data().stream().map(b -> new String(b, ISO_8859_1)).sorted().toList();
    }

    /** The fields of a generated entry in the same form. */
    static List<String> sortedItems(GeneratedEntry g) {
        return sortedItems(g.fields());
    }

    static List<String> sortedItems(List<JournalField> fields) {
        return fields.stream().map(f -> f.name() + "=" + new String(f.value(), ISO_8859_1)).sorted().toList();
    }

    static String bytes(byte[] b) {
        return new String(b, ISO_8859_1);
    }

    /** A field value no other test run uses. */
    static String uniqueId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    // ---- private journald

    static PrivateJournald startJournald() {
        try {
            return PrivateJournald.builder().maxFileSize("16M").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the entries with {@code field=value} from a journald namespace until {@code count} arrived (or
     * 10 s passed): a fresh handle on the calling thread, polled with next() and await().
     */
    /**
     * The entries with field=value once there are at least count of them (or whatever there is after 10 s). Each
     * look is a fresh handle read from the head: a live handle woken by another write can be left behind.
     */
    static List<JournalEntry> awaitEntries(String namespace, String field, String value, int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<JournalEntry> out = new ArrayList<>();
            try (Journal j = Journal.open(JournalSource.namespace(namespace))) {
                j.addMatch(field, value.getBytes(UTF_8));
                j.seekHead();
                while (j.next()) {
                    out.add(j.entry());
                }
            }
            if (out.size() >= count || System.nanoTime() > deadline) {
                return out;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            }
        }
    }

    static void forEach(Journal j, Consumer<JournalEntry> c) {
        while (j.next()) {
            c.accept(j.entry());
        }
    }
}
