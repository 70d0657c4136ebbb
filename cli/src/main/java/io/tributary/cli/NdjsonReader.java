package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The API's NDJSON: one entry per line, empty lines are keep-alives, a last {@code {"__TRAILER":...}} line names
 * failed nodes and the resume cursor. Entries go to an {@link EntryPrinter}; failures to stderr.
 */
final class NdjsonReader extends BodyReader {

    private static final byte[] TRAILER = "{\"__TRAILER\"".getBytes(StandardCharsets.US_ASCII);

    private final EntryPrinter printer;

    NdjsonReader(EntryPrinter printer) {
        this.printer = printer;
    }

    @Override
    String accept() {
        return "application/x-ndjson";
    }

    @Override
    void read(InputStream body) throws IOException {
        ByteInput in = new ByteInput(body);
        closedByServer = false;
        for (byte[] line; (line = in.readLine()) != null; ) {
            if (line.length == 0) {
                continue;
            }
            if (startsWith(line, TRAILER)) {
                trailer(Config.JSON.readTree(line).path("__TRAILER"));
                continue;
            }
            JsonNode entry = Config.JSON.readTree(line);
            printer.entry(line, entry);
            written++;
            JsonNode c = entry.get("__CURSOR");
            if (c != null && c.isTextual()) {
                cursor = c.asText();
            }
            if (!in.ready()) {
                printer.flush();
            }
        }
        printer.flush();
    }

    private void trailer(JsonNode t) {
        for (JsonNode f : t.path("failures")) {
            partial = true;
            System.err.println("tributary: node " + f.path("node_id").asText() + " (" + f.path("endpoint").asText()
                    + ") failed: " + f.path("code").asText() + ": " + f.path("message").asText());
        }
        if (t.hasNonNull("closed")) {
            closedByServer = true;
        }
        if (t.path("cursor").isTextual() && !t.path("cursor").asText().isEmpty()) {
            cursor = t.path("cursor").asText();
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        if (line.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
