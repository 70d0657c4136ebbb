package io.tributary.query.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Out#jsonPrintable}: one pass, the same bytes as validating with {@link Utf8#printable} and then escaping. */
class JsonValueTest {

    /** The two-pass encoding JsonFormat used before, as the reference. */
    private static byte[] twoPass(byte[] b) {
        Out out = new Out(16);
        out.b('x');
        if (Utf8.printable(b, 0, b.length, true)) {
            out.jsonString(b, 0, b.length);
        } else {
            out.jsonBytes(b, 0, b.length);
        }
        return out.toArray();
    }

    private static byte[] onePass(byte[] b) {
        Out out = new Out(16);
        out.b('x');
        if (!out.jsonPrintable(b, 0, b.length)) {
            out.jsonBytes(b, 0, b.length);
        }
        return out.toArray();
    }

    private static String json(byte[] b) {
        return new String(onePass(b), 1, onePass(b).length - 1, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void edgeCases() {
        assertEquals("\"\"", json(new byte[0]));
        assertEquals("\"a\\\"b\\\\c\\nd\\te\"", json("a\"b\\c\nd\te".getBytes(StandardCharsets.UTF_8)));
        assertEquals("[97,13]", json(bytes('a', '\r')));           // control characters: bytes
        assertEquals("[0]", json(bytes(0)));
        assertEquals("[127]", json(bytes(0x7F)));                  // DEL
        assertEquals("[194,133]", json(bytes(0xC2, 0x85)));        // C1 control U+0085
        assertEquals("[192,128]", json(bytes(0xC0, 0x80)));        // overlong
        assertEquals("[237,160,128]", json(bytes(0xED, 0xA0, 0x80))); // surrogate
        assertEquals("[244,144,128,128]", json(bytes(0xF4, 0x90, 0x80, 0x80))); // above U+10FFFF
        assertEquals("[97,226,130]", json(bytes('a', 0xE2, 0x82)));   // truncated
        assertEquals("[255]", json(bytes(0xFF)));
        String text = "é€😀 \"ok\"";                               // 2-, 3-, 4-byte (non-BMP) sequences
        assertEquals("\"é€😀 \\\"ok\\\"\"", json(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sameBytesAsTheTwoPassEncoding() {
        Random random = new Random(11);
        int[] pool = {'a', 'Z', ' ', '"', '\\', '\n', '\t', '\r', 0, 0x1F, 0x7F, 0x80, 0x9F, 0xBF, 0xC2, 0xC3, 0xDF,
                0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x82, 0xA0, 0x90};
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : pool[random.nextInt(pool.length)]);
            }
            assertArrayEquals(twoPass(b), onePass(b), () -> java.util.Arrays.toString(b));
        }
        String mixed = "plain ascii with \"quotes\" and \\ and\nlines\tand é€😀 and more ".repeat(50);
        byte[] big = mixed.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(twoPass(big), onePass(big));
    }

    /** Longer values go through the 8-bytes-at-a-time scan: every special byte at every position of a word. */
    @Test
    void wordAtATimeScanFindsEverySpecialByte() {
        int[] specials = {'"', '\\', '\n', '\t', '\r', 0, 0x1F, 0x7F, 0x80, 0xC3, 0xE2, 0xFF, 0x20 - 1};
        for (int len = 8; len <= 25; len++) {
            for (int at = 0; at < len; at++) {
                for (int special : specials) {
                    byte[] b = "0123456789abcdefghijklmnopq ~!".substring(0, len).getBytes(StandardCharsets.US_ASCII);
                    b[at] = (byte) special;
                    assertArrayEquals(twoPass(b), onePass(b), () -> java.util.Arrays.toString(b));
                }
            }
        }
        Random random = new Random(12);
        int[] plain = {'a', 'Z', ' ', '~', '!', '0', '#', '[', ']'};
        int[] odd = {'"', '\\', '\n', '\t', '\r', 0, 0x1F, 0x7F, 0x80, 0x9F, 0xC2, 0xC3, 0xE2, 0xED, 0xF0, 0xFF, 0x82, 0xA0};
        for (int round = 0; round < 50_000; round++) {
            byte[] b = new byte[8 + random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(12) == 0 ? odd[random.nextInt(odd.length)] : plain[random.nextInt(plain.length)]);
            }
            assertArrayEquals(twoPass(b), onePass(b), () -> java.util.Arrays.toString(b));
        }
    }

    @Test
    void base64UrlAndDecimalAsTheJdkWritesThem() {
        Random random = new Random(13);
        for (int len = 0; len < 70; len++) {
            byte[] b = new byte[len];
            random.nextBytes(b);
            Out out = new Out(4);
            out.b('x').base64Url(b, 0, b.length);
            assertEquals("x" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b),
                    new String(out.toArray(), StandardCharsets.US_ASCII));
        }
        long[] values = {0, 1, 9, 10, 99, 100, 1767225600001460L, Long.MAX_VALUE, -1, Long.MIN_VALUE, random.nextLong()};
        for (long v : values) {
            Out out = new Out(2);
            out.decimal(v);
            assertEquals(Long.toUnsignedString(v), new String(out.toArray(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void detachHandsOverTheArrayAndStartsAFreshOne() {
        Out out = new Out(8);
        out.ascii("hello, world");
        int n = out.size();
        byte[] got = out.detach();
        assertEquals("hello, world", new String(got, 0, n, StandardCharsets.US_ASCII));
        assertEquals(0, out.size());
        out.ascii("next");
        assertEquals("hello, world", new String(got, 0, n, StandardCharsets.US_ASCII));
        assertEquals("next", new String(out.toArray(), StandardCharsets.US_ASCII));
    }
}
