package io.tributary.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PrivateJournaldTest {

    /** Polls journalctl (up to 10 s) until the match finds {@code expected} entries. */
    private static List<ExportFormat.Entry> awaitEntries(int expected, String... journalctlArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--no-pager", "-o", "export"));
        cmd.addAll(List.of(journalctlArgs));
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<ExportFormat.Entry> entries;
        do {
            entries = ExportFormat.readAll(new ByteArrayInputStream(Exec.run(cmd.toArray(String[]::new))));
            if (entries.size() >= expected) {
                return entries;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return entries;
    }

    @Test
    void receivesNativeEntriesInItsOwnNamespaceAndCleansUp() throws Exception {
        Path journalDir;
        Path socket;
        String ns;
        try (PrivateJournald j = PrivateJournald.start()) {
            ns = j.namespace();
            journalDir = j.journalDirectory();
            socket = j.socketPath();
            assertTrue(ns.matches("trib[0-9a-f]{12}"), ns);
            assertEquals(Path.of("/run/systemd/journal." + ns + "/socket"), socket);
            assertTrue(journalDir.toString().startsWith("/var/log/journal/") && journalDir.toString().endsWith("." + ns));
            assertTrue(Files.exists(journalDir.resolve("system.journal")));
            assertTrue(ProcessHandle.of(j.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(Files.readString(Path.of("/etc/systemd/journald@" + ns + ".conf")).contains("RateLimitBurst=0"));

            String unique = UUID.randomUUID().toString();
            byte[] multiLine = "first line\nsecond line".getBytes();
            j.send(JournalField.of("MESSAGE", "hello from the testkit"), JournalField.of("TRIB_TEST", unique),
                    new JournalField("TRIB_MULTI", multiLine));

            List<ExportFormat.Entry> got = awaitEntries(1, "--namespace=" + ns, "TRIB_TEST=" + unique);
            assertEquals(1, got.size());
            ExportFormat.Entry e = got.get(0);
            assertEquals("hello from the testkit", e.text("MESSAGE"));
            assertEquals("second line", e.text("TRIB_MULTI").split("\n")[1]);
            assertEquals(ns, e.text("_NAMESPACE"));
            assertEquals("journal", e.text("_TRANSPORT"));
            // The same entry through the directory, as a reader pointed at journalDirectory() sees it.
            assertEquals(1, awaitEntries(1, "-D", journalDir.toString(), "TRIB_TEST=" + unique).size());
        }
        assertFalse(Files.exists(journalDir), "journal directory deleted");
        assertFalse(Files.exists(socket.getParent()), "socket directory deleted");
        assertFalse(Files.exists(Path.of("/etc/systemd/journald@" + ns + ".conf")), "conf deleted");
    }

    @Test
    void rotateArchivesTheActiveFileAndVacuumRemovesArchives() throws Exception {
        try (PrivateJournald j = PrivateJournald.builder().maxFileSize("8M").start()) {
            Path active = j.journalDirectory().resolve("system.journal");
            assertEquals(List.of(active), j.journalFiles());

            j.send(JournalField.of("MESSAGE", "before rotation"), JournalField.of("TRIB_PHASE", "one"));
            awaitEntries(1, "--namespace=" + j.namespace(), "TRIB_PHASE=one");
            Path first = j.rotate();
            assertTrue(first.getFileName().toString().matches("system@[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{16}\\.journal"),
                    first.toString());
            Path second = j.rotate();
            assertEquals(List.of(first, second).stream().sorted().toList(), j.archivedFiles());
            assertEquals(3, j.journalFiles().size());

            j.send(JournalField.of("MESSAGE", "after rotation"), JournalField.of("TRIB_PHASE", "two"));
            awaitEntries(1, "--namespace=" + j.namespace(), "TRIB_PHASE=two");
            // The pre-rotation entry lives in the first archive only.
            assertEquals(1, awaitEntries(1, "--file=" + first, "TRIB_PHASE=one").size());

            List<Path> deleted = j.vacuum();
            assertEquals(2, deleted.size());
            assertEquals(List.of(active), j.journalFiles());
            assertEquals(0, awaitEntries(0, "--namespace=" + j.namespace(), "TRIB_PHASE=one").size());
            assertEquals(1, awaitEntries(1, "--namespace=" + j.namespace(), "TRIB_PHASE=two").size());
        }
    }

    @Test
    void volatileStorageLivesUnderRun() throws Exception {
        try (PrivateJournald j = PrivateJournald.builder().storage(PrivateJournald.Storage.VOLATILE)
                .maxFileSize("4M").start()) {
            assertTrue(j.journalDirectory().startsWith("/run/log/journal"), j.journalDirectory().toString());
            j.send(JournalField.of("MESSAGE", "volatile"), JournalField.of("TRIB_VOLATILE", j.namespace()));
            assertEquals(1, awaitEntries(1, "-D", j.journalDirectory().toString(), "TRIB_VOLATILE=" + j.namespace()).size());
        }
    }

    @Test
    void rejectsNamespacesOutsideTheSafeSubset() {
        assertThrows(IllegalArgumentException.class, () -> PrivateJournald.builder().namespace("a*b").start());
        assertThrows(IllegalArgumentException.class, () -> PrivateJournald.builder().namespace("a/b").start());
        assertThrows(IllegalArgumentException.class, () -> PrivateJournald.builder().namespace("Upper").start());
    }
}
