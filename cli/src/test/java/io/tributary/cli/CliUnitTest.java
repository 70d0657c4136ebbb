package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliUnitTest {

    @Test
    void httpStatusesMapToDocumentedExitCodesWithTheServersDetail() {
        CliException e = Api.failure(404, "{\"error\":\"not found\",\"detail\":\"no task 'x' is known\"}");
        assertEquals(ExitCode.NOT_FOUND, e.exitCode());
        assertEquals("no task 'x' is known (HTTP 404)", e.getMessage());
        assertEquals(ExitCode.AUTH, Api.failure(401, "{\"error\":\"unauthorized\",\"detail\":\"d\"}").exitCode());
        assertTrue(Api.failure(401, "{}").getMessage().contains("tributary login"));
        assertEquals(ExitCode.AUTH, Api.failure(403, "").exitCode());
        assertEquals(ExitCode.USAGE, Api.failure(400, "{\"detail\":\"bad\"}").exitCode());
        assertEquals(ExitCode.NOT_FOUND, Api.failure(409, "{\"detail\":\"ambiguous\"}").exitCode());
        assertInstanceOf(CliException.Unreachable.class, Api.failure(503, "oops\nmore"));
        assertEquals("oops more (HTTP 503)", Api.failure(503, "oops\nmore").getMessage());
        assertEquals(ExitCode.UNAVAILABLE, Api.failure(500, "").exitCode());
    }

    @Test
    void relativeTimesBecomeRfc3339AndOthersPassThrough() {
        Instant t = Instant.parse(LogsCommand.time("10m", "--since"));
        long ago = Duration.between(t, Instant.now()).toSeconds();
        assertTrue(ago >= 599 && ago <= 660, Long.toString(ago));
        assertTrue(Instant.parse(LogsCommand.time("2h ago", "--since")).isBefore(Instant.now().minusSeconds(7000)));
        assertEquals("2026-01-01T00:00:00Z", LogsCommand.time("2026-01-01T00:00:00Z", "--since"));
        assertEquals("1767225600000000", LogsCommand.time("1767225600000000", "--since"));
        assertThrows(CliException.class, () -> LogsCommand.time(" ", "--since"));
    }

    @Test
    void nodePrefixesAreTheShortestUniqueOfAtLeastEight() {
        assertEquals(8, EntryPrinter.uniquePrefixLength(List.of("aaaaaaaa1111", "bbbbbbbb2222")));
        assertEquals(10, EntryPrinter.uniquePrefixLength(List.of("aaaaaaaaa1xx", "aaaaaaaaa2xx")));
    }

    @Test
    void shortAndCatRenderBytesAndPrefix() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String line = "{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1767225600123456\",\"_HOSTNAME\":\"h\","
                + "\"SYSLOG_IDENTIFIER\":\"app\",\"_PID\":\"42\",\"MESSAGE\":[104,105,1],\"__NODE_ID\":\"aaaaaaaa1111\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EntryPrinter p = new EntryPrinter(EntryPrinter.Format.SHORT, out, List.of("aaaaaaaa1111", "bbbbbbbb2222"), false);
        p.entry(line.getBytes(StandardCharsets.UTF_8), json.readTree(line));
        assertEquals("aaaaaaaa 2026-01-01T00:00:00.123456Z h app[42]: hi\u0001\n", out.toString(StandardCharsets.UTF_8));
        out.reset();
        new EntryPrinter(EntryPrinter.Format.CAT, out, null, true).entry(line.getBytes(StandardCharsets.UTF_8), json.readTree(line));
        assertEquals("hi\u0001\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ndjsonKeepsTheLastCursorDropsACutLineAndReadsTheTrailer() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NdjsonReader r = new NdjsonReader(new EntryPrinter(EntryPrinter.Format.JSON, out, null, false));
        String body = "{\"__CURSOR\":\"a\",\"MESSAGE\":\"1\"}\n\n{\"__CURSOR\":\"b\",\"MESSAGE\":\"2\"}\n{\"__CURSOR\":\"c\",\"MESS";
        r.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("b", r.cursor);
        assertEquals(2, r.written);
        assertEquals("{\"__CURSOR\":\"a\",\"MESSAGE\":\"1\"}\n{\"__CURSOR\":\"b\",\"MESSAGE\":\"2\"}\n", out.toString(StandardCharsets.UTF_8));
        r.read(new ByteArrayInputStream(("{\"__TRAILER\":{\"complete\":false,\"failures\":[{\"node_id\":\"n\",\"endpoint\":\"e\","
                + "\"code\":\"UNAVAILABLE\",\"message\":\"m\"}],\"closed\":\"shutdown\",\"cursor\":\"z\"}}\n").getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.partial && r.closedByServer);
        assertEquals("z", r.cursor);
    }

    @Test
    void exportEntriesAreWholeIncludingBinaryFields() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write("__CURSOR=x1\nMESSAGE=a\n\n__CURSOR=x2\nBIN\n".getBytes(StandardCharsets.US_ASCII));
        wire.write(new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 'a', '\n', 'b', '\n'});
        wire.write("\n__CURSOR=x3\nMESSAGE=cut".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportReader r = new ExportReader(out);
        r.read(new ByteArrayInputStream(wire.toByteArray()));
        assertEquals("x2", r.cursor);
        assertEquals(2, r.written);
        byte[] want = java.util.Arrays.copyOf(wire.toByteArray(), wire.size() - "__CURSOR=x3\nMESSAGE=cut".length());
        assertEquals(new String(want, StandardCharsets.ISO_8859_1), out.toString(StandardCharsets.ISO_8859_1));
    }
}
