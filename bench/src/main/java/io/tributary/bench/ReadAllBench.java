package io.tributary.bench;

import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measure 1: {@code Read} of every entry of the fixture into a counting client, against
 * {@code journalctl --directory=DIR -o export > /dev/null} on the same files, runs interleaved.
 * Target: >= 200,000 entries/s and >= 1.5x journalctl's entries/s.
 */
final class ReadAllBench {

    static final double MIN_RATE = 200_000;
    static final double MIN_SPEEDUP = 1.5;

    private ReadAllBench() {
    }

    static List<Result> run(BenchOptions o, Fixture f, ReaderService reader, ResultTable table) throws Exception {
        JournalReaderGrpc.JournalReaderStub stub = reader.newStub();
        ReadRequest all = ReadRequest.getDefaultInstance();
        List<String> jctl = List.of("--directory=" + f.directory(), "-o", "export");
        List<Long> readerNs = new ArrayList<>();
        List<Long> jctlNs = new ArrayList<>();
        List<Double> readerCpu = new ArrayList<>();
        List<Double> clientCpu = new ArrayList<>();
        List<Long> ceilingNs = new ArrayList<>();
        java.nio.file.Path ceiling = java.nio.file.Path.of("bench/target/sd-read-all");
        long self = ProcessHandle.current().pid();
        for (int i = -o.warmups(); i < o.runs(); i++) {
            double cpu0 = ProcStatus.cpuSeconds(reader.pid());
            double self0 = ProcStatus.cpuSeconds(self);
            ReadStream<CountedResponse> s = ReadStream.counting(stub, all);
            long t = s.await(10, TimeUnit.MINUTES);
            double cpu = ProcStatus.cpuSeconds(reader.pid()) - cpu0;
            double selfCpu = ProcStatus.cpuSeconds(self) - self0;
            if (s.entries() != f.entries()) {
                throw new IllegalStateException("Read returned " + s.entries() + " entries, expected " + f.entries());
            }
            long j = Journalctl.time(jctl);
            long c = java.nio.file.Files.isExecutable(ceiling) ? Journalctl.timeCommand(List.of(ceiling.toString(),
                    f.directory().toString())) : 0;
            System.err.printf("  read-all %s: reader %.2f s (reader %.1f CPU-s, client %.1f CPU-s), journalctl %.2f s, C loop %.2f s%n",
                    i < 0 ? "warm-up" : "run " + (i + 1), t / 1e9, cpu, selfCpu, j / 1e9, c / 1e9);
            if (i >= 0 && c > 0) {
                ceilingNs.add(c);
            }
            if (i >= 0) {
                readerNs.add(t);
                jctlNs.add(j);
                readerCpu.add(cpu);
                clientCpu.add(selfCpu);
            }
        }
        double n = f.entries();
        List<Double> readerRate = readerNs.stream().map(t -> n / (t / 1e9)).toList();
        List<Double> jctlRate = jctlNs.stream().map(t -> n / (t / 1e9)).toList();
        double rate = Stats.median(readerRate);
        double ref = Stats.median(jctlRate);
        double speedup = rate / ref;
        table.note(String.format("Read all: reader %s s wall, %.1f CPU-s in the reader process and %.1f in the "
                        + "client (medians); "
                        + "journalctl -o export %s s wall. Medians of %d runs after %d warm-up, interleaved.",
                Stats.spread(readerNs, v -> String.format("%.2f", v / 1e9)), Stats.median(readerCpu), Stats.median(clientCpu),
                Stats.spread(jctlNs, v -> String.format("%.2f", v / 1e9)), o.runs(), o.warmups()));
        if (!ceilingNs.isEmpty()) {
            double c = n / (Stats.median(ceilingNs) / 1e9);
            table.note(String.format("Ceiling, same runs: a C loop over libsystemd doing only the reader's native work "
                    + "(every field + cursor, bench/src/main/c/sd-read-all.c) reads %s; the reader reaches %.0f%% of it.",
                    Result.perSecond(c), 100 * rate / c));
        }
        return List.of(new Result(String.format("Read all %,d entries (gRPC, counting client)", f.entries()),
                Result.perSecond(rate), "journalctl -o export: " + Result.perSecond(ref), Result.ratio(speedup),
                "≥ 200k/s and ≥ 1.5×", rate >= MIN_RATE && speedup >= MIN_SPEEDUP));
    }
}
