package io.tributary.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The journal export format ({@code journalctl -o export}), copied through entry by entry: only complete entries
 * are written, so a broken connection never leaves half an entry. Text fields are {@code NAME=value\n}, binary ones
 * {@code NAME\n<le64 size><bytes>\n}; an empty line ends an entry. The API's closing entry
 * ({@code SYSLOG_IDENTIFIER=tributary-log-query}) is not written: its message goes to stderr.
 */
final class ExportReader extends BodyReader {

    private final OutputStream out;

    ExportReader(OutputStream out) {
        this.out = out;
    }

    @Override
    String accept() {
        return "application/vnd.fdo.journal";
    }

    @Override
    void read(InputStream body) throws IOException {
        ByteInput in = new ByteInput(body);
        closedByServer = false;
        ByteArrayOutputStream entry = new ByteArrayOutputStream(1024);
        String entryCursor = null;
        String message = null;
        boolean apiEnd = false;
        boolean failedNode = false;
        for (byte[] line; (line = in.readLine()) != null; ) {
            if (line.length == 0) {
                if (entry.size() == 0) {
                    continue;
                }
                if (apiEnd && message != null && message.startsWith("tributary: incomplete result")) {
                    System.err.println(message != null ? message : "tributary: incomplete result");
                    partial |= failedNode;
                    closedByServer = message != null && message.contains("; closed: ");
                } else {
                    entry.write('\n');
                    entry.writeTo(out);
                    written++;
                }
                if (entryCursor != null) {
                    cursor = entryCursor;
                }
                entry.reset();
                entryCursor = null;
                message = null;
                apiEnd = false;
                failedNode = false;
                if (!in.ready()) {
                    out.flush();
                }
                continue;
            }
            entry.write(line);
            entry.write('\n');
            int eq = indexOf(line, (byte) '=');
            if (eq < 0) {
                byte[] size = in.readExactly(8);
                long n = 0;
                for (int i = 7; i >= 0; i--) {
                    n = (n << 8) | (size[i] & 0xff);
                }
                entry.write(size);
                entry.write(in.readExactly(n));
                byte[] nl = in.readExactly(1);
                entry.write(nl);
                continue;
            }
            String name = new String(line, 0, eq, StandardCharsets.UTF_8);
            String value = new String(line, eq + 1, line.length - eq - 1, StandardCharsets.UTF_8);
            switch (name) {
                case "__CURSOR" -> entryCursor = value;
                case "SYSLOG_IDENTIFIER" -> apiEnd |= value.equals("tributary-log-query");
                case "TRIBUTARY_FAILED_NODE" -> failedNode = true;
                case "MESSAGE" -> message = value;
                default -> {
                }
            }
        }
        out.flush();
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
