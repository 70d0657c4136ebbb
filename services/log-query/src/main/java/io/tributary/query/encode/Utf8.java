package io.tributary.query.encode;

/** systemd's utf8_is_printable_newline(): valid UTF-8 without control characters (tab allowed; newline optional). */
public final class Utf8 {

    private Utf8() {
    }

    public static boolean printable(byte[] b, int off, int len, boolean allowNewline) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if ((c < 0x20 && c != '\t' && (c != '\n' || !allowNewline)) || c == 0x7F) {
                    return false;
                }
                i++;
                continue;
            }
            int n = sequence(b, i, end);
            if (n == 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /**
     * The length of the printable multi-byte sequence starting at b[i] (a byte >= 0x80), or 0 when it is not valid
     * UTF-8 (overlong, surrogate, above U+10FFFF, truncated) or is a C1 control character (U+0080-U+009F).
     */
    static int sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int n;
        int cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + n >= end) {
            return 0;
        }
        for (int k = 1; k <= n; k++) {
            int x = b[i + k] & 0xFF;
            if ((x & 0xC0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | (x & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)
                || (cp >= 0x80 && cp <= 0x9F)) {
            return 0;
        }
        return n + 1;
    }
}
