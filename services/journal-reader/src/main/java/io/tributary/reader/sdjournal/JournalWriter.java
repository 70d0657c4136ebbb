package io.tributary.reader.sdjournal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes entries into journald. An entry is a list of raw {@code NAME=value} items (binary-safe; a name may
 * repeat). A failure is an exception, never a silent drop. One instance is used by one thread at a time.
 */
public interface JournalWriter extends AutoCloseable {

    void send(List<byte[]> fields);

    @Override
    void close();

    /** The default journald, through libsystemd's sd_journal_sendv(). */
    static JournalWriter sendv() {
        return new SendvWriter();
    }

    /** journald's native protocol on an AF_UNIX datagram socket. */
    static JournalWriter socket(Path socket) {
        return new SocketWriter(socket);
    }

    /** A journald namespace (sendv cannot reach one): its socket is /run/systemd/journal.NAME/socket. */
    static JournalWriter namespace(String namespace) {
        return socket(Path.of("/run/systemd/journal." + namespace + "/socket"));
    }

    static byte[] field(String name, String value) {
        return field(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] field(String name, byte[] value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] item = new byte[n.length + 1 + value.length];
        System.arraycopy(n, 0, item, 0, n.length);
        item[n.length] = '=';
        System.arraycopy(value, 0, item, n.length + 1, value.length);
        return item;
    }

    /** Rejects what journald would drop without a word: items without a valid, non-trusted field name. */
    static void validate(List<byte[]> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an entry needs at least one field");
        }
        for (byte[] item : fields) {
            int eq = JournalEntry.nameLength(item);
            String name = new String(item, 0, eq, StandardCharsets.US_ASCII);
            if (eq == item.length) {
                throw new IllegalArgumentException("field item without '=': " + name);
            }
            if (!FieldNames.isWritable(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a writable journal field name"
                        + " (A-Z, 0-9, _; not starting with a digit or _; at most 64)");
            }
        }
    }
}
