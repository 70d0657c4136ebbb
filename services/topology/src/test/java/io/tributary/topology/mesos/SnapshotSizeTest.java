package io.tributary.topology.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Large SUBSCRIBED snapshots: streamed within a small heap above the old 64 MiB cap; over the cap: a clear error. */
class SnapshotSizeTest {

    static final long OLD_CAP = 64L * 1024 * 1024;

    @Test
    void aRecordOverTheCapIsRefusedBeforeAnyOfItIsReadNamingTheLimit() {
        // a length only: nothing follows, so reading (or allocating) the record would fail differently
        RecordIo small = new RecordIo(stream("999999999999\n{"), 1024);
        RecordIo.RecordTooLarge e = assertThrows(RecordIo.RecordTooLarge.class, small::nextRecord);
        assertTrue(e.getMessage().contains("999999999999 bytes") && e.getMessage().contains("limit of 1024 bytes")
                && e.getMessage().contains("tributary.topology.mesos.max-record-size"), e.getMessage());
        RecordIo byDefault = new RecordIo(stream((RecordIo.DEFAULT_MAX_RECORD + 1) + "\n{"));
        assertThrows(RecordIo.RecordTooLarge.class, byDefault::nextRecord);
        assertEquals(256L * 1024 * 1024, RecordIo.DEFAULT_MAX_RECORD);
    }

    @Test
    void aRecordLeftHalfReadIsSkippedAndATruncatedOneIsAnError() throws IOException {
        RecordIo r = new RecordIo(stream("5\nhello3\nabc2\nxy"));
        assertEquals('h', r.nextRecord().read());
        assertEquals("abc", new String(r.nextRecord().readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("xy", new String(r.next(), StandardCharsets.US_ASCII));
        assertNull(r.nextRecord());
        RecordIo cut = new RecordIo(stream("10\nabc"));
        assertThrows(java.io.EOFException.class, () -> cut.nextRecord().readAllBytes());
    }

    @Test
    void aStreamedSnapshotFillsTheIndexAndTheNextRecordFollows() throws IOException {
        GeneratedSubscribe in = new GeneratedSubscribe(3, 10);
        TaskIndex index = new TaskIndex();
        RecordIo records = new RecordIo(in);
        MesosJson.Event subscribed = MesosJson.readEvent(FakeMaster.JSON, records.nextRecord(), index);
        assertEquals(new MesosJson.Event("SUBSCRIBED", 15.0), subscribed);
        assertEquals(3, index.tasks().size());
        MesosTask t = index.task(GeneratedSubscribe.taskId(2));
        assertEquals("c-00000002", t.containerId());
        assertEquals(GeneratedSubscribe.AGENT, t.agentId());
        assertEquals("10.0.0.157", index.agentHostname(GeneratedSubscribe.AGENT));
        assertTrue(index.synced());
        assertEquals("HEARTBEAT", MesosJson.readEvent(FakeMaster.JSON, records.nextRecord(), index).type());
        assertNull(records.nextRecord());
    }

    /**
     * A ~78 MB SUBSCRIBED (20,000 tasks with 3.5 KB of labels each, more than the old 64 MiB cap) applied in a
     * JVM with a 128 MiB heap: holding the record as an array and a document tree, as before, needs several times
     * that; streaming needs the index and one task at a time.
     */
    @Test
    void aSnapshotAboveTheOld64MiBCapIsAppliedInA128MiBHeap() throws Exception {
        assertTrue(new GeneratedSubscribe(20_000, 3_500).recordLength > OLD_CAP);
        Path log = Files.createTempFile("snapshot-size", ".log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), GeneratedSubscribe.class.getName(),
                "20000", "3500")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "parsing took over 2 minutes");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("first=SUBSCRIBED second=HEARTBEAT tasks=20000 end=true"), out);
        Files.delete(log);
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }
}
