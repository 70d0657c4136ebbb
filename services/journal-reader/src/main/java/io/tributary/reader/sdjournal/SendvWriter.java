package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.NativeBuffer.MEMORY;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** sd_journal_sendv(): thread-safe in libsystemd, blocking when journald is busy, so nothing is lost. */
final class SendvWriter implements JournalWriter {

    private static final Path SOCKET = Path.of("/run/systemd/journal/socket");
    private static final Runtime RT = Runtime.getRuntime(LibSystemd.INSTANCE);

    private final NativeBuffer buffer = new NativeBuffer();
    private boolean closed;

    @Override
    public void send(List<byte[]> fields) {
        if (closed) { // the buffer would be allocated again and never freed
            throw new IllegalStateException("journal writer is closed");
        }
        JournalWriter.validate(fields);
        // sendv returns 0 when the socket is missing: the entry would vanish without an error.
        if (!Files.exists(SOCKET)) {
            throw new JournalException("sd_journal_sendv", Errno.ENOENT, "journald is not running (no " + SOCKET + ")");
        }
        int n = fields.size();
        long size = n * 16L;
        for (byte[] f : fields) {
            size += f.length;
        }
        long iov = buffer.reserve(size);
        long data = iov + n * 16L;
        for (int i = 0; i < n; i++) {
            byte[] f = fields.get(i);
            MEMORY.putByteArray(data, f, 0, f.length);
            MEMORY.putAddress(iov + i * 16L, data); // struct iovec { void *iov_base; size_t iov_len; }
            MEMORY.putLong(iov + i * 16L + 8, f.length);
            data += f.length;
        }
        JournalException.check("sd_journal_sendv", LibSystemd.INSTANCE.sd_journal_sendv(Pointer.wrap(RT, iov), n));
    }

    @Override
    public void close() {
        closed = true;
        buffer.close();
    }
}
