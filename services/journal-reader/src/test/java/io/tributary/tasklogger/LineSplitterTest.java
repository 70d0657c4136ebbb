package io.tributary.tasklogger;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.tasklogger.LineSplitter.Break;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    record Piece(String text, Break end) {
    }

    /** Feeds input in chunks of the given size and returns the pieces (bytes shown as ISO-8859-1, 1:1). */
    static List<Piece> split(String input, int max, int chunk) {
        List<Piece> pieces = new ArrayList<>();
        LineSplitter s = new LineSplitter(max, (b, off, len, end) -> pieces.add(new Piece(new String(b, off, len, ISO_8859_1), end)));
        byte[] bytes = input.getBytes(ISO_8859_1);
        for (int i = 0; i < bytes.length; i += chunk) {
            byte[] c = Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk));
            s.feed(c, 0, c.length); // a fresh array each time: the splitter must not keep references
            Arrays.fill(c, (byte) '#');
        }
        s.finish();
        return pieces;
    }

    static Piece nl(String t) {
        return new Piece(t, Break.NEWLINE);
    }

    @Test
    void linesEmptyLinesAndCarriageReturns() {
        assertEquals(List.of(nl("a"), nl(""), nl("b\r"), nl("")), split("a\n\nb\r\n\n", 100, 100));
    }

    @Test
    void aFinalLineWithoutNewline() {
        assertEquals(List.of(nl("a"), new Piece("tail", Break.EOF)), split("a\ntail", 100, 3));
        assertEquals(List.of(nl("a")), split("a\n", 100, 1));
        assertEquals(List.of(), split("", 100, 1));
    }

    @Test
    void longLinesAreSplitAndALineOfExactlyMaxIsNot() {
        assertEquals(List.of(new Piece("abcd", Break.LINE_MAX), new Piece("efgh", Break.LINE_MAX), nl("ij")),
                split("abcdefghij\n", 4, 100));
        assertEquals(List.of(nl("abcd"), nl("")), split("abcd\n\n", 4, 1));
        assertEquals(List.of(new Piece("abcd", Break.LINE_MAX), nl("efgh")), split("abcdefgh\n", 4, 3));
        assertEquals(List.of(new Piece("abcd", Break.EOF)), split("abcd", 4, 2));
        assertEquals(List.of(new Piece("abcd", Break.LINE_MAX), new Piece("e", Break.EOF)), split("abcde", 4, 5));
    }

    @Test
    void theResultDoesNotDependOnHowTheInputIsChunked() {
        Random random = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            int r = random.nextInt(10);
            sb.append(r == 0 ? '\n' : r == 1 ? '\r' : (char) random.nextInt(256));
        }
        String input = sb.toString();
        for (int max : new int[] {1, 2, 7, 64, 10_000}) {
            List<Piece> expected = split(input, max, input.length());
            for (int chunk : new int[] {1, 2, 3, 5, 8, 13, 64, 1000}) {
                assertEquals(expected, split(input, max, chunk), "max " + max + ", chunk " + chunk);
            }
            // and joining the pieces gives the input back
            StringBuilder joined = new StringBuilder();
            for (Piece p : expected) {
                joined.append(p.text()).append(p.end() == Break.NEWLINE ? "\n" : "");
            }
            assertEquals(input, joined.toString());
        }
    }
}
