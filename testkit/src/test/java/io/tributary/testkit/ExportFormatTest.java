package io.tributary.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportFormatTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void textSafetyFollowsSystemdRules() {
        assertTrue(ExportFormat.isTextSafe(utf8("plain ascii with\ttab")));
        assertTrue(ExportFormat.isTextSafe(utf8("Grüße 日本語 🚀")));
        assertTrue(ExportFormat.isTextSafe(new byte[0]));
        assertFalse(ExportFormat.isTextSafe(utf8("two\nlines")));
        assertFalse(ExportFormat.isTextSafe(utf8("\u001b[31mred")));
        assertFalse(ExportFormat.isTextSafe(utf8("del\u007f")));
        assertFalse(ExportFormat.isTextSafe(utf8("c1 \u0085 control")));
        assertFalse(ExportFormat.isTextSafe(new byte[] {'a', 0, 'b'}));
        assertFalse(ExportFormat.isTextSafe(new byte[] {'a', (byte) 0xff}));
        assertFalse(ExportFormat.isTextSafe(new byte[] {(byte) 0xc3})); // truncated sequence
        assertFalse(ExportFormat.isTextSafe(new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf})); // overlong
    }

    @Test
    void parsesTextAndBinaryFormsAsJournalctlWritesThem() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(utf8("__CURSOR=s=abc;i=1\n__REALTIME_TIMESTAMP=1700000000000000\n__MONOTONIC_TIMESTAMP=5\n"
                + "_BOOT_ID=0123456789abcdef0123456789abcdef\nMESSAGE=a=b=c\nMULTI\n"));
        raw.writeBytes(new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 'x', '\n', 'y', '\n'});
        raw.writeBytes(utf8("TAG=alpha\nTAG=beta\n\n\nMESSAGE=second\n\n"));
        List<ExportFormat.Entry> entries = ExportFormat.readAll(new ByteArrayInputStream(raw.toByteArray()));
        assertEquals(2, entries.size());
        ExportFormat.Entry e = entries.get(0);
        assertEquals(1700000000000000L, e.realtimeUsec());
        assertEquals(5, e.monotonicUsec());
        assertEquals("0123456789abcdef0123456789abcdef", e.bootId());
        assertEquals("a=b=c", e.text("MESSAGE"));
        assertEquals("x\ny", e.text("MULTI"));
        assertEquals(2, e.values("TAG").size());
        assertEquals(List.of("MESSAGE", "MULTI", "TAG", "TAG"), e.dataFields().stream().map(JournalField::name).toList());
        assertEquals("second", entries.get(1).text("MESSAGE"));
        assertNull(entries.get(1).value("TAG"));
    }

    @Test
    void writerAndReaderRoundTripArbitraryBytes() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        List<JournalField> fields = List.of(new JournalField("BIN", all), JournalField.of("TEXT", "hé"),
                new JournalField("EMPTY", new byte[0]), new JournalField("BIG", new byte[200_000]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportFormat.Writer w = new ExportFormat.Writer(out);
        w.writeEntry(10, 20, "0123456789abcdef0123456789abcdef", fields);
        w.writeEntry(11, 21, "0123456789abcdef0123456789abcdef", fields);
        w.flush();
        List<ExportFormat.Entry> back = ExportFormat.readAll(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(2, back.size());
        assertEquals(fields, back.get(1).dataFields());
        assertArrayEquals(all, back.get(0).value("BIN"));
        assertEquals(11, back.get(1).realtimeUsec());
    }

    @Test
    void truncatedBinaryFieldIsAnError() {
        byte[] raw = {'B', '\n', 9, 0, 0, 0, 0, 0, 0, 0, 'x'};
        assertThrows(EOFException.class, () -> ExportFormat.readAll(new ByteArrayInputStream(raw)));
    }
}
