package io.tributary.reader.grpc;

import static io.tributary.reader.grpc.GeneratedJournal.GENERATOR;
import static io.tributary.reader.grpc.Reads.afterCursor;
import static io.tributary.reader.grpc.Reads.all;
import static io.tributary.reader.grpc.Reads.cursor;
import static io.tributary.reader.grpc.Reads.head;
import static io.tributary.reader.grpc.Reads.messages;
import static io.tributary.reader.grpc.Reads.tail;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.proto.common.v1.Direction;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Field;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.journal.v1.DescribeRequest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.NodeInfo;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.proto.journal.v1.UniqueRequest;
import io.tributary.testkit.GeneratedEntry;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.JournalGenerator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Read over gRPC on real journal files: positions, skip, limit, direction, windows, matches, fidelity, errors. */
@QuarkusTest
@QuarkusTestResource(value = GeneratedJournal.class, restrictToAnnotatedClass = true)
class ReadRangeTest {

    static final List<GeneratedEntry> EXPECTED = GENERATOR.entries(0);

    @GrpcClient("reader")
    JournalReaderGrpc.JournalReaderBlockingStub reader;

    private static List<String> expectedMessages(int from, int to) {
        return EXPECTED.subList(from, to).stream().map(e -> e.text("MESSAGE")).toList();
    }

    private List<Entry> read(ReadRequest.Builder r) {
        return all(reader, r.build());
    }

    @Test
    void readsEveryEntryLosslesslyInOrder() {
        List<Entry> got = read(ReadRequest.newBuilder());
        assertEquals(EXPECTED.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            GeneratedEntry want = EXPECTED.get(i);
            Entry e = got.get(i);
            assertEquals(want.realtimeUsec(), e.getRealtimeUsec(), "realtime of #" + i);
            assertEquals(want.monotonicUsec(), e.getMonotonicUsec(), "monotonic of #" + i);
            assertEquals(want.bootId(), e.getBootId());
            assertEquals(sorted(want.fields()), sorted(e), "fields of #" + i + " (" + want.special() + ")");
            assertFalse(e.getCursor().isEmpty());
            assertFalse(e.getNodeId().isEmpty());
        }
        assertTrue(got.stream().map(Entry::getSeqnum).distinct().count() == got.size(), "seqnums are unique");
    }

    @Test
    void specialValuesSurviveByteForByte() {
        for (JournalGenerator.Special kind : JournalGenerator.Special.values()) {
            GeneratedEntry want = EXPECTED.stream().filter(e -> e.special() == kind).findFirst().orElseThrow();
            List<Entry> got = read(ReadRequest.newBuilder().addMatches(group(
                    match(JournalGenerator.SPECIAL_FIELD, kind.label()))).setLimit(1));
            assertEquals(1, got.size(), kind.toString());
            assertEquals(sorted(want.fields()), sorted(got.get(0)), kind.toString());
        }
        Entry repeated = read(ReadRequest.newBuilder().addMatches(group(match("TAG", "beta"))).setLimit(1)).get(0);
        assertEquals(List.of("alpha", "beta"), repeated.getFieldsList().stream().filter(f -> f.getName().equals("TAG"))
                .map(f -> f.getValue().toStringUtf8()).sorted().toList(), "a repeated field keeps both values");
    }

    @Test
    void binaryValuesCanBeMatched() {
        GeneratedEntry want = EXPECTED.stream().filter(e -> e.special() == JournalGenerator.Special.INVALID_UTF8)
                .findFirst().orElseThrow();
        List<Entry> got = read(ReadRequest.newBuilder().addMatches(MatchGroup.newBuilder().addMatches(
                Match.newBuilder().setField("MESSAGE").setValue(ByteString.copyFrom(want.value("MESSAGE"))))));
        assertEquals(1, got.size());
        assertEquals(want.realtimeUsec(), got.get(0).getRealtimeUsec());
    }

    @Test
    void headSkipAndLimit() {
        assertEquals(expectedMessages(0, 5), messages(read(ReadRequest.newBuilder().setStart(head()).setLimit(5))));
        assertEquals(expectedMessages(3, 8), messages(read(ReadRequest.newBuilder().setSkip(3).setLimit(5))));
        assertEquals(List.of(), read(ReadRequest.newBuilder().setSkip(5000)));
    }

    @Test
    void tailWithNegativeSkipIsTheLastN() {
        int n = EXPECTED.size();
        assertEquals(expectedMessages(n - 10, n), messages(read(ReadRequest.newBuilder().setStart(tail()).setSkip(-10))));
        assertEquals(List.of(), read(ReadRequest.newBuilder().setStart(tail())));
        assertEquals(n, read(ReadRequest.newBuilder().setStart(tail()).setSkip(-100000)).size(), "more than there is = all");
    }

    @Test
    void backwardFromTheTail() {
        int n = EXPECTED.size();
        List<String> want = new ArrayList<>(expectedMessages(n - 5, n));
        java.util.Collections.reverse(want);
        assertEquals(want, messages(read(ReadRequest.newBuilder().setDirection(Direction.DIRECTION_BACKWARD).setLimit(5))));
    }

    @Test
    void cursorIsInclusiveAfterCursorExclusiveInBothDirections() {
        List<Entry> first = read(ReadRequest.newBuilder().setLimit(20));
        String c10 = first.get(10).getCursor();
        assertEquals(expectedMessages(10, 13), messages(read(ReadRequest.newBuilder().setStart(cursor(c10)).setLimit(3))));
        assertEquals(expectedMessages(11, 14), messages(read(ReadRequest.newBuilder().setStart(afterCursor(c10)).setLimit(3))));
        assertEquals(List.of(EXPECTED.get(10).text("MESSAGE"), EXPECTED.get(9).text("MESSAGE")), messages(read(ReadRequest.newBuilder()
                .setStart(cursor(c10)).setDirection(Direction.DIRECTION_BACKWARD).setLimit(2))));
        assertEquals(List.of(EXPECTED.get(9).text("MESSAGE")), messages(read(ReadRequest.newBuilder()
                .setStart(afterCursor(c10)).setDirection(Direction.DIRECTION_BACKWARD).setLimit(1))));
        assertEquals(expectedMessages(12, 14), messages(read(ReadRequest.newBuilder().setStart(cursor(c10)).setSkip(2).setLimit(2))));
        assertEquals(expectedMessages(8, 10), messages(read(ReadRequest.newBuilder().setStart(cursor(c10)).setSkip(-2).setLimit(2))));
    }

    @Test
    void pagingWithAfterCursorVisitsEveryEntryOnce() {
        List<String> seen = new ArrayList<>();
        String last = null;
        while (true) {
            ReadRequest.Builder r = ReadRequest.newBuilder().setLimit(333);
            if (last != null) {
                r.setStart(afterCursor(last));
            }
            List<Entry> page = read(r);
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(messages(page));
            last = page.get(page.size() - 1).getCursor();
        }
        assertEquals(expectedMessages(0, EXPECTED.size()), seen);
    }

    @Test
    void timeWindowInBothDirections() {
        long since = EXPECTED.get(100).realtimeUsec();
        long until = EXPECTED.get(119).realtimeUsec();
        assertEquals(expectedMessages(100, 120), messages(read(ReadRequest.newBuilder()
                .setSinceRealtimeUsec(since).setUntilRealtimeUsec(until))));
        List<String> back = new ArrayList<>(expectedMessages(100, 120));
        java.util.Collections.reverse(back);
        assertEquals(back, messages(read(ReadRequest.newBuilder().setDirection(Direction.DIRECTION_BACKWARD)
                .setSinceRealtimeUsec(since).setUntilRealtimeUsec(until))));
        assertEquals(expectedMessages(100, 103), messages(read(ReadRequest.newBuilder().setStart(
                io.tributary.proto.common.v1.Position.newBuilder().setRealtimeUsec(since)).setLimit(3))));
    }

    @Test
    void matchesAndOrAndGroups() {
        String fw = GENERATOR.frameworkIds().get(1);
        String fw2 = GENERATOR.frameworkIds().get(2);
        assertEquals(count(e -> fw.equals(e.text("FRAMEWORK_ID"))),
                read(ReadRequest.newBuilder().addMatches(group(match("FRAMEWORK_ID", fw)))).size());
        assertEquals(count(e -> fw.equals(e.text("FRAMEWORK_ID")) || fw2.equals(e.text("FRAMEWORK_ID"))),
                read(ReadRequest.newBuilder().addMatches(group(match("FRAMEWORK_ID", fw), match("FRAMEWORK_ID", fw2)))).size(),
                "same field: OR");
        assertEquals(count(e -> fw.equals(e.text("FRAMEWORK_ID")) && "STDERR".equals(e.text("STREAM"))),
                read(ReadRequest.newBuilder().addMatches(group(match("FRAMEWORK_ID", fw), match("STREAM", "STDERR")))).size(),
                "different fields: AND");
        String unit = EXPECTED.stream().map(e -> e.text("_SYSTEMD_UNIT")).filter(u -> u != null).findFirst().orElseThrow();
        List<Entry> or = read(ReadRequest.newBuilder().addMatches(group(match("FRAMEWORK_ID", fw)))
                .addMatches(group(match("_SYSTEMD_UNIT", unit))));
        assertEquals(count(e -> fw.equals(e.text("FRAMEWORK_ID")) || unit.equals(e.text("_SYSTEMD_UNIT"))), or.size(), "groups: OR");
        assertTrue(or.size() > 0);
        assertEquals(List.of(), read(ReadRequest.newBuilder().addMatches(group(match("FRAMEWORK_ID", "no-such-framework")))));
    }

    @Test
    void batchesRespectTheRequestedSize() {
        Iterator<ReadResponse> it = reader.read(ReadRequest.newBuilder().setMaxBatchEntries(7).build());
        int total = 0;
        while (it.hasNext()) {
            int n = it.next().getBatch().getEntriesCount();
            assertTrue(n <= 7, "batch of " + n);
            total += n;
        }
        assertEquals(EXPECTED.size(), total);
    }

    @Test
    void aVacuumedCursorIsReportedAsAGapThenReadingResumesNearby() {
        Entry e = read(ReadRequest.newBuilder().setSkip(500).setLimit(1)).get(0);
        // Same position, but an entry that never existed (other xor hash): as if it had been vacuumed.
        String gone = e.getCursor().replaceAll(";x=[0-9a-f]+", ";x=1");
        Iterator<ReadResponse> it = reader.read(ReadRequest.newBuilder().setStart(afterCursor(gone)).setLimit(2).build());
        ReadResponse first = it.next();
        assertTrue(first.hasGap(), "first message is a gap");
        assertEquals(gone, first.getGap().getCursor());
        assertTrue(it.next().getBatch().getEntriesCount() > 0);
    }

    @Test
    void badRequestsAreInvalidArgumentNamingTheProblem() {
        assertInvalid(ReadRequest.newBuilder().setStart(cursor("garbage")), "malformed cursor");
        assertInvalid(ReadRequest.newBuilder().addMatches(group(match("lower", "x"))), "invalid field name 'lower'");
        assertInvalid(ReadRequest.newBuilder().setLimit(-1), "limit must not be negative");
        assertInvalid(ReadRequest.newBuilder().setFollow(true).setDirection(Direction.DIRECTION_BACKWARD), "follow");
        assertInvalid(ReadRequest.newBuilder().setSinceRealtimeUsec(10).setUntilRealtimeUsec(5), "since");
        assertInvalid(ReadRequest.newBuilder().setMaxBatchEntries(1_000_000), "max_batch_entries");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> reader.unique(UniqueRequest.newBuilder().setField("bad name").build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void describeNamesTheNodeAndTheJournalSpan() {
        NodeInfo info = reader.describe(DescribeRequest.getDefaultInstance());
        assertEquals(32, info.getMachineId().length());
        assertEquals(EXPECTED.get(0).realtimeUsec(), info.getFirstRealtimeUsec());
        assertEquals(EXPECTED.get(EXPECTED.size() - 1).realtimeUsec(), info.getLastRealtimeUsec());
        assertTrue(info.getUsageBytes() > 0);
        assertTrue(info.getSource().startsWith("directory:"), info.getSource());
    }

    @Test
    void uniqueListsEveryValueOfAField() {
        Set<String> got = new HashSet<>();
        reader.unique(UniqueRequest.newBuilder().setField("FRAMEWORK_ID").build())
                .forEachRemaining(r -> r.getValuesList().forEach(v -> got.add(v.toStringUtf8())));
        Set<String> want = EXPECTED.stream().map(e -> e.text("FRAMEWORK_ID")).filter(v -> v != null).collect(Collectors.toSet());
        assertEquals(want, got);
    }

    private void assertInvalid(ReadRequest.Builder r, String expectedText) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> read(r));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getMessage());
        assertTrue(e.getStatus().getDescription().contains(expectedText), e.getStatus().getDescription());
    }

    private static long count(java.util.function.Predicate<GeneratedEntry> p) {
        return EXPECTED.stream().filter(p).count();
    }

    static MatchGroup group(Match... matches) {
        return MatchGroup.newBuilder().addAllMatches(List.of(matches)).build();
    }

    static Match match(String field, String value) {
        return Match.newBuilder().setField(field).setValue(ByteString.copyFromUtf8(value)).build();
    }

    /** Fields as sorted "NAME=hex" strings; _BOOT_ID is the entry's header, compared separately. */
    private static List<String> sorted(List<JournalField> fields) {
        return fields.stream().filter(f -> !f.name().equals("_BOOT_ID"))
                .map(f -> f.name() + "=" + java.util.HexFormat.of().formatHex(f.value())).sorted().toList();
    }

    private static List<String> sorted(Entry e) {
        return e.getFieldsList().stream().filter(f -> !f.getName().equals("_BOOT_ID"))
                .map(f -> f.getName() + "=" + java.util.HexFormat.of().formatHex(f.getValue().toByteArray())).sorted().toList();
    }
}
