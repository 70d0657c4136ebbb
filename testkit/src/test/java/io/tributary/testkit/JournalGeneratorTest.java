package io.tributary.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JournalGeneratorTest {

    private static byte[] export(JournalGenerator g, int node) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        g.writeExport(node, out);
        return out.toByteArray();
    }

    @Test
    void sameSeedGivesByteIdenticalOutputAndOtherSeedDoesNot() throws Exception {
        JournalGenerator.Builder b = JournalGenerator.builder().entries(20_000).nodes(2).specialEvery(100);
        byte[] first = export(b.build(), 1);
        byte[] second = export(b.build(), 1);
        assertArrayEquals(first, second);
        assertEquals(b.build().machineIds(), b.build().machineIds());
        byte[] otherSeed = export(JournalGenerator.builder().entries(20_000).nodes(2).specialEvery(100).seed(7).build(), 1);
        assertFalse(MessageDigest.isEqual(first, otherSeed));
        assertNotEquals(b.build().frameworkIds(), JournalGenerator.builder().seed(7).build().frameworkIds());
    }

    @Test
    void idsFollowTheClusterModel() {
        JournalGenerator g = JournalGenerator.builder().nodes(3).build();
        assertEquals(List.of("agent-000", "agent-001", "agent-002"), g.hostnames());
        assertEquals(3, new HashSet<>(g.machineIds()).size());
        assertEquals(3, new HashSet<>(g.bootIds()).size());
        g.machineIds().forEach(id -> assertTrue(id.matches("[0-9a-f]{32}"), id));
        String master = g.frameworkIds().get(0).substring(0, 36);
        assertTrue(master.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), master);
        assertEquals(80, g.frameworkIds().size());
        assertEquals(master + "-0000", g.frameworkIds().get(0));
        assertEquals(master + "-0079", g.frameworkIds().get(79));
        assertEquals(master + "-S2", g.agentIds().get(2));
        assertEquals(400, g.executors().size());
        assertEquals(400, new HashSet<>(g.executorIds()).size());
        assertEquals(master + "-0042", g.onePercentFrameworkId());
    }

    @Test
    void entriesHaveTheModelledShape() {
        JournalGenerator g = JournalGenerator.builder().entries(30_000).nodes(3).build();
        long total = 0;
        for (int n = 0; n < 3; n++) {
            JournalGenerator.Node node = g.node(n);
            List<GeneratedEntry> entries = g.entries(n);
            assertEquals(10_000, entries.size());
            total += entries.size();
            Set<String> messages = new HashSet<>();
            long prevReal = 0;
            long prevMono = 0;
            int system = 0;
            long fieldCount = 0;
            for (GeneratedEntry e : entries) {
                assertTrue(e.realtimeUsec() > prevReal && e.monotonicUsec() > prevMono, "strictly increasing");
                prevReal = e.realtimeUsec();
                prevMono = e.monotonicUsec();
                assertEquals(node.bootId(), e.bootId());
                assertEquals(node.hostname(), e.text("_HOSTNAME"));
                assertEquals(node.machineId(), e.text("_MACHINE_ID"));
                byte[] msg = e.value("MESSAGE");
                assertTrue(msg.length >= 100 && msg.length <= 200, "message length " + msg.length);
                assertTrue(messages.add(e.text("MESSAGE")), "unique message");
                assertNull(e.special());
                fieldCount += e.fields().size();
                if (e.isTask()) {
                    assertEquals(node.agentId(), e.text("AGENT_ID"));
                    for (String f : List.of("EXECUTOR_ID", "CONTAINER_ID", "TASK_ID", "STREAM", "SYSLOG_IDENTIFIER",
                            "PRIORITY", "_PID", "_SYSTEMD_CGROUP", "_SOURCE_REALTIME_TIMESTAMP")) {
                        assertTrue(e.value(f) != null, f);
                    }
                    assertTrue(e.text("STREAM").equals("STDOUT") || e.text("STREAM").equals("STDERR"));
                } else {
                    system++;
                    assertTrue(e.value("_SYSTEMD_UNIT") != null && e.value("SYSLOG_IDENTIFIER") != null);
                }
            }
            double systemShare = system / 10_000.0;
            assertTrue(systemShare > 0.18 && systemShare < 0.22, "system share " + systemShare);
            double avgFields = fieldCount / 10_000.0;
            assertTrue(avgFields >= 19 && avgFields <= 23, "fields per entry " + avgFields);
        }
        assertEquals(30_000, total);
    }

    @Test
    void onePercentFrameworkSelectsAboutOnePercent() {
        JournalGenerator g = JournalGenerator.builder().entries(100_000).nodes(2).build();
        byte[] fw = g.onePercentFrameworkId().getBytes(StandardCharsets.US_ASCII);
        long[] hits = new long[1];
        for (int n = 0; n < 2; n++) {
            g.forEachEntry(n, e -> {
                byte[] v = e.value("FRAMEWORK_ID");
                if (v != null && MessageDigest.isEqual(v, fw)) {
                    hits[0]++;
                }
            });
        }
        double share = hits[0] / 100_000.0;
        assertTrue(share > 0.008 && share < 0.012, "share " + share);
    }

    @Test
    void specialsCycleAndRoundTripThroughExportFormat() throws IOException {
        JournalGenerator g = JournalGenerator.builder().entries(1_200).specialEvery(50).build();
        List<GeneratedEntry> generated = g.entries(0);
        byte[] bytes = export(g, 0);
        List<ExportFormat.Entry> parsed = ExportFormat.readAll(new ByteArrayInputStream(bytes));
        assertEquals(generated.size(), parsed.size());

        Set<JournalGenerator.Special> seen = EnumSet.noneOf(JournalGenerator.Special.class);
        for (int i = 0; i < generated.size(); i++) {
            GeneratedEntry e = generated.get(i);
            ExportFormat.Entry p = parsed.get(i);
            assertEquals(e.realtimeUsec(), p.realtimeUsec());
            assertEquals(e.monotonicUsec(), p.monotonicUsec());
            assertEquals(e.bootId(), p.bootId());
            assertEquals(e.fields(), p.dataFields(), "entry " + i);
            JournalGenerator.Special s = e.special();
            assertEquals((i + 1) % 50 == 0, s != null);
            if (s == null) {
                continue;
            }
            seen.add(s);
            assertEquals(JournalGenerator.Special.values()[((i + 1) / 50 - 1) % 6], s);
            assertEquals(s.label(), e.text(JournalGenerator.SPECIAL_FIELD));
            byte[] msg = e.value("MESSAGE");
            switch (s) {
                case MULTILINE -> assertTrue(e.text("MESSAGE").contains("\n\tat "));
                case INVALID_UTF8 -> assertFalse(ExportFormat.isTextSafe(msg));
                case ANSI -> assertTrue(e.text("MESSAGE").contains("\u001b[1;31m"));
                case LARGE -> assertEquals(JournalGenerator.LARGE_VALUE_SIZE, msg.length);
                case REPEATED_FIELD -> assertEquals(List.of("alpha", "beta"),
                        e.values("TAG").stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList());
                case UNICODE -> assertTrue(e.text("MESSAGE").startsWith("Grüße") && ExportFormat.isTextSafe(msg));
            }
            // Binary form exactly for the values that are not printable UTF-8.
            boolean binary = s == JournalGenerator.Special.MULTILINE || s == JournalGenerator.Special.INVALID_UTF8
                    || s == JournalGenerator.Special.ANSI;
            assertEquals(!binary, ExportFormat.isTextSafe(msg), s.toString());
        }
        assertEquals(EnumSet.allOf(JournalGenerator.Special.class), seen);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("\nMESSAGE\n"), "binary form present");
        assertTrue(text.startsWith("__REALTIME_TIMESTAMP=" + generated.get(0).realtimeUsec()
                + "\n__MONOTONIC_TIMESTAMP=" + generated.get(0).monotonicUsec() + "\n_BOOT_ID=" + g.bootIds().get(0) + "\n"));
    }

    @Test
    void millionEntriesExportQuickly() throws IOException {
        JournalGenerator g = JournalGenerator.builder().entries(1_000_000).specialEvery(5000).build();
        long[] bytes = new long[1];
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        long t0 = System.nanoTime();
        g.writeExport(0, counting);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("1M entries: %.0f MB export in %.2f s%n", bytes[0] / 1e6, seconds);
        assertTrue(bytes[0] > 400_000_000L, "bytes " + bytes[0]);
        assertTrue(seconds < 10, "took " + seconds + " s");
    }
}
