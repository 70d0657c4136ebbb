package io.tributary.bench;

import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measure 2: {@code Read} with the ~1% {@code FRAMEWORK_ID} match, end-to-end request time from the client,
 * against {@code journalctl --directory=DIR FRAMEWORK_ID=... -o export > /dev/null}. Target: <= 1.2x journalctl.
 */
final class ReadMatchBench {

    static final double MAX_RATIO = 1.2;

    private ReadMatchBench() {
    }

    static List<Result> run(BenchOptions o, Fixture f, ReaderService reader, ResultTable table) throws Exception {
        String id = f.generator().onePercentFrameworkId();
        JournalReaderGrpc.JournalReaderStub stub = reader.newStub();
        ReadRequest req = ReadRequest.newBuilder().addMatches(MatchGroup.newBuilder().addMatches(
                Match.newBuilder().setField("FRAMEWORK_ID").setValue(ByteString.copyFromUtf8(id)))).build();
        List<String> jctl = List.of("--directory=" + f.directory(), "FRAMEWORK_ID=" + id, "-o", "export");
        long expected = Journalctl.count(jctl);
        int runs = o.runs() * 2; // short requests: twice the runs
        List<Long> readerNs = new ArrayList<>();
        List<Long> jctlNs = new ArrayList<>();
        for (int i = -o.warmups(); i < runs; i++) {
            ReadStream<?> s = ReadStream.start(stub, req, null);
            long t = s.await(2, TimeUnit.MINUTES);
            if (s.entries() != expected) {
                throw new IllegalStateException("Read returned " + s.entries() + " entries, journalctl " + expected);
            }
            long j = Journalctl.time(jctl);
            if (i >= 0) {
                readerNs.add(t);
                jctlNs.add(j);
            }
        }
        double r = Stats.median(readerNs);
        double ref = Stats.median(jctlNs);
        table.note(String.format("1%% match FRAMEWORK_ID=%s: %,d of %,d entries (%.2f%%), both sides agree. Reader %s ms, "
                        + "journalctl %s ms (median (min–max) of %d runs).", id, expected, f.entries(),
                100.0 * expected / f.entries(), Stats.spread(readerNs, v -> String.format("%.0f", v / 1e6)),
                Stats.spread(jctlNs, v -> String.format("%.0f", v / 1e6)), runs));
        return List.of(new Result(String.format("Read 1%% match (%,d entries), request time", expected),
                Result.ms(r), "journalctl -o export: " + Result.ms(ref), Result.ratio(r / ref), "≤ 1.2×",
                r / ref <= MAX_RATIO));
    }
}
