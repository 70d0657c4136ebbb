package io.tributary.tasklogger;

import io.tributary.reader.sdjournal.Journal;
import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.reader.sdjournal.JournalSource;
import io.tributary.testkit.PrivateJournald;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a task's entries back from a private journald, waiting for journald to have written them. */
final class JournalReadBack {

    private JournalReadBack() {
    }

    /** The entries with TASK_ID=taskId, in journal order, once there are at least {@code expected} (max ~10 s). */
    static List<JournalEntry> entries(PrivateJournald journald, String taskId, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<JournalEntry> found;
        do {
            found = read(journald, taskId);
            if (found.size() >= expected) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return found;
    }

    static List<JournalEntry> read(PrivateJournald journald, String taskId) {
        List<JournalEntry> entries = new ArrayList<>();
        try (Journal journal = Journal.open(JournalSource.directory(journald.journalDirectory()))) {
            journal.addMatch("TASK_ID", taskId.getBytes(StandardCharsets.UTF_8));
            journal.seekHead();
            while (journal.next()) {
                entries.add(journal.entry());
            }
        }
        return entries;
    }
}
