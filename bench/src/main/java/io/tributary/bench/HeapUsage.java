package io.tributary.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Used heap of another JVM after a full GC, with jcmd ({@code GC.run}, then {@code GC.heap_info}). */
final class HeapUsage {

    /** e.g. " garbage-first heap   total 65536K, used 23456K [0x..." (G1) or "def new generation ... used 1234K". */
    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    /** ZGC: " ZHeap           used 20M, capacity 378M, max capacity 512M". */
    private static final Pattern Z_USED = Pattern.compile("ZHeap\\s+used\\s+(\\d+)M");

    private HeapUsage() {
    }

    /** Bytes used on the heap right after a full GC of process pid. */
    static long usedAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (m.find()) {
            return Long.parseLong(m.group(1)) * 1024;
        }
        Matcher z = Z_USED.matcher(info);
        if (z.find()) {
            return Long.parseLong(z.group(1)) << 20;
        }
        throw new IOException("no 'heap total ...K, used ...K' nor 'ZHeap used ...M' in jcmd GC.heap_info output:\n" + info);
    }

    /** The collector line of GC.heap_info's output (for the notes), e.g. "garbage-first heap total 122880K". */
    static String heapLine(long pid) throws IOException, InterruptedException {
        String info = jcmd(pid, "GC.heap_info");
        return info.lines().filter(l -> l.contains("heap") || l.contains("generation")).findFirst().orElse("?").strip();
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed:\n" + out);
        }
        return out;
    }
}
