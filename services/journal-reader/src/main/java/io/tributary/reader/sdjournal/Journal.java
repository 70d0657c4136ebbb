package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.JournalException.check;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.kenai.jffi.MemoryIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.LongLongByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * One sd-journal read handle. sd-journal handles are not thread-safe and must stay on the thread that opened
 * them, closing included: every method checks that. Data is copied out of the journal's memory at once, so
 * nothing returned here points into native memory.
 */
public final class Journal implements AutoCloseable {

    /** Returned by {@link #process()} and {@link #await(long)}. */
    public static final int NOP = 0;
    public static final int APPEND = 1;
    public static final int INVALIDATE = 2;

    private static final LibSystemd SD = LibSystemd.INSTANCE;
    private static final Runtime RT = Runtime.getRuntime(SD);
    private static final MemoryIO MEMORY = MemoryIO.getInstance();
    private static final NativeShim SHIM = NativeShim.get();

    private final Thread owner = Thread.currentThread();
    private final JournalSource source;
    private Pointer handle;
    // Reused 8-byte out-parameters for get_data/enumerate (const void **data, size_t *length).
    private long address; // the handle as a raw address, for the per-entry calls
    // Reused 8-byte out-parameters (const void **data, size_t *length, char **cursor, uint64_t *usec).
    private final Pointer dataOut = Memory.allocateDirect(RT, 8, true);
    private final Pointer lengthOut = Memory.allocateDirect(RT, 8, true);
    private final Pointer wordOut = Memory.allocateDirect(RT, 8, true);
    private final long dataAt = dataOut.address();
    private final long lengthAt = lengthOut.address();
    private final long wordAt = wordOut.address();
    private final Pointer idOut = Memory.allocateDirect(RT, 16, true);

    private Journal(JournalSource source, Pointer handle) {
        this.source = source;
        this.handle = handle;
        this.address = handle.address();
        // No size cap on fields: the default threshold (64 KiB) may truncate large values.
        check("sd_journal_set_data_threshold", SD.sd_journal_set_data_threshold(handle, 0));
    }

    /** Opens a journal on the calling thread, which then owns the handle. */
    public static Journal open(JournalSource source) {
        checkReadable(source);
        PointerByReference ref = new PointerByReference();
        int r;
        String call;
        if (source instanceof JournalSource.Directory d) {
            call = "sd_journal_open_directory";
            r = SD.sd_journal_open_directory(ref, cString(d.path().toAbsolutePath().toString()), 0);
        } else if (source instanceof JournalSource.Files f) {
            call = "sd_journal_open_files";
            r = openFiles(ref, f.paths());
        } else if (source instanceof JournalSource.Namespace n) {
            call = "sd_journal_open_namespace";
            r = SD.sd_journal_open_namespace(ref, cString(n.name()), 0);
        } else {
            call = "sd_journal_open";
            r = SD.sd_journal_open(ref, LibSystemd.SD_JOURNAL_LOCAL_ONLY);
        }
        if (r < 0) {
            throw new JournalException(call, -r, source.toString());
        }
        return new Journal(source, ref.getValue());
    }

    /** sd-journal silently skips what it cannot find or read; a reader must say so instead of serving nothing. */
    private static void checkReadable(JournalSource source) {
        if (source instanceof JournalSource.Directory d) {
            checkReadable(d.path());
        } else if (source instanceof JournalSource.Files f) {
            f.paths().forEach(Journal::checkReadable);
        } else {
            // The local journal and namespaces live in /run/log/journal (volatile) and /var/log/journal (persistent).
            String suffix = source instanceof JournalSource.Namespace n ? "." + n.name() : "";
            List<Path> dirs = List.of(Path.of("/run/log/journal"), Path.of("/var/log/journal"));
            if (!suffix.isEmpty()) {
                String dir = machineId() + suffix;
                dirs = dirs.stream().map(p -> p.resolve(dir)).toList();
            }
            if (dirs.stream().noneMatch(java.nio.file.Files::isDirectory)) {
                throw new JournalException("open", Errno.ENOENT, "no journal for " + source + " in " + dirs);
            }
        }
    }

    private static void checkReadable(Path p) {
        if (!java.nio.file.Files.exists(p)) {
            throw new JournalException("open", Errno.ENOENT, p + " does not exist");
        }
        if (!java.nio.file.Files.isReadable(p)) {
            throw new JournalException("open", Errno.EACCES, p + " is not readable");
        }
    }

    private static int openFiles(PointerByReference ref, List<Path> paths) {
        // A char** that is NULL-terminated for sure (jnr's String[] conversion does not guarantee it).
        Pointer array = Memory.allocateDirect(RT, (paths.size() + 1) * 8L, true);
        List<Pointer> keep = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            byte[] p = cString(paths.get(i).toAbsolutePath().toString());
            Pointer s = Memory.allocateDirect(RT, p.length, true);
            s.put(0, p, 0, p.length);
            keep.add(s);
            array.putPointer(i * 8L, s);
        }
        int r = SD.sd_journal_open_files(ref, array, 0);
        keep.clear();
        return r;
    }

    public JournalSource source() {
        return source;
    }

    // ---- matches

    /** Adds FIELD=value (binary-safe). Same field again = OR; a different field = AND. */
    public void addMatch(String field, byte[] value) {
        byte[] name = field.getBytes(US_ASCII);
        byte[] m = new byte[name.length + 1 + value.length];
        System.arraycopy(name, 0, m, 0, name.length);
        m[name.length] = '=';
        System.arraycopy(value, 0, m, name.length + 1, value.length);
        addMatch(m);
    }

    /** Adds a raw FIELD=value match. */
    public void addMatch(byte[] fieldAndValue) {
        owned();
        int r = SD.sd_journal_add_match(handle, fieldAndValue, fieldAndValue.length);
        if (r < 0) {
            throw new JournalException("sd_journal_add_match", -r, "'" + printable(fieldAndValue) + "'");
        }
    }

    /** Starts a new OR-group: the matches so far OR the ones that follow. */
    public void addDisjunction() {
        owned();
        check("sd_journal_add_disjunction", SD.sd_journal_add_disjunction(handle));
    }

    /** Starts a new AND-level above the OR-groups. */
    public void addConjunction() {
        owned();
        check("sd_journal_add_conjunction", SD.sd_journal_add_conjunction(handle));
    }

    /** Removes every match; the position is reset, so seek again afterwards. */
    public void flushMatches() {
        owned();
        SD.sd_journal_flush_matches(handle);
    }

    // ---- positioning

    public void seekHead() {
        owned();
        check("sd_journal_seek_head", SD.sd_journal_seek_head(handle));
    }

    /** Seeks past the last entry. Follow it with {@link #previous()}: in systemd 252, tail+next misbehaves. */
    public void seekTail() {
        owned();
        check("sd_journal_seek_tail", SD.sd_journal_seek_tail(handle));
    }

    /** Seeks to the entry of a cursor, or the nearest one when it is gone; EINVAL for a malformed cursor. */
    public void seekCursor(String cursor) {
        owned();
        int r = SD.sd_journal_seek_cursor(handle, cString(cursor));
        if (r < 0) {
            throw new JournalException("sd_journal_seek_cursor", -r, "'" + cursor + "'");
        }
    }

    public void seekRealtime(long usec) {
        owned();
        check("sd_journal_seek_realtime_usec", SD.sd_journal_seek_realtime_usec(handle, usec));
    }

    /** Moves to the next (matching) entry; false at the end. */
    public boolean next() {
        owned();
        return check("sd_journal_next", SD.sd_journal_next(address)) > 0;
    }

    /** Moves to the previous (matching) entry; false at the beginning. */
    public boolean previous() {
        owned();
        return check("sd_journal_previous", SD.sd_journal_previous(address)) > 0;
    }

    /** Moves up to n entries forward; returns how many it moved. */
    public int nextSkip(long n) {
        owned();
        return check("sd_journal_next_skip", SD.sd_journal_next_skip(handle, n));
    }

    /** Moves up to n entries backward; returns how many it moved. */
    public int previousSkip(long n) {
        owned();
        return check("sd_journal_previous_skip", SD.sd_journal_previous_skip(handle, n));
    }

    /** Whether the current entry is the cursor's entry. */
    public boolean testCursor(String cursor) {
        owned();
        int r = SD.sd_journal_test_cursor(handle, cString(cursor));
        if (r < 0) {
            throw new JournalException("sd_journal_test_cursor", -r, "'" + cursor + "'");
        }
        return r > 0;
    }

    // ---- the current entry

    public String cursor() {
        owned();
        check("sd_journal_get_cursor", SD.sd_journal_get_cursor(address, wordAt));
        return takeCursor();
    }

    /** Reads the malloc'ed cursor string libsystemd left in wordOut, and frees it. */
    private String takeCursor() {
        long p = MEMORY.getAddress(wordAt);
        try {
            return new String(NativeCopy.bytes(p, cStringLength(p)), java.nio.charset.StandardCharsets.ISO_8859_1);
        } finally {
            LibC.INSTANCE.free(p);
        }
    }

    private static int cStringLength(long p) {
        int n = 0;
        while (MEMORY.getByte(p + n) != 0) {
            n++;
        }
        return n;
    }

    /** The location of the current entry, or empty when the handle is not on one. */
    public Optional<Location> currentLocation() {
        owned();
        int r = SD.sd_journal_get_cursor(address, wordAt);
        if (r == -Errno.EADDRNOTAVAIL) {
            return Optional.empty();
        }
        check("sd_journal_get_cursor", r);
        return Optional.of(Location.parse(takeCursor()));
    }

    public long realtimeUsec() {
        owned();
        check("sd_journal_get_realtime_usec", SD.sd_journal_get_realtime_usec(address, wordAt));
        return MEMORY.getLong(wordAt);
    }

    public long monotonicUsec() {
        owned();
        LongLongByReference usec = new LongLongByReference();
        check("sd_journal_get_monotonic_usec", SD.sd_journal_get_monotonic_usec(handle, usec, idOut));
        return usec.longValue();
    }

    /** The value of one field of the current entry (the first if it repeats), or empty. */
    public Optional<byte[]> field(String name) {
        owned();
        int r = SD.sd_journal_get_data(handle, cString(name), dataOut, lengthOut);
        if (r == -Errno.ENOENT) {
            return Optional.empty();
        }
        if (r < 0) {
            throw new JournalException("sd_journal_get_data", -r, name);
        }
        byte[] item = copyOut();
        return Optional.of(java.util.Arrays.copyOfRange(item, name.length() + 1, item.length));
    }

    /** The whole current entry: every readable field (binary-safe, repeats kept) and its address. */
    public JournalEntry entry() {
        EntryBuffer buffer = new EntryBuffer();
        readFields(buffer);
        return buffer.toEntry();
    }

    /**
     * Reads the whole current entry into a reusable buffer (the streaming fast path): encoded by the native shim
     * when it is loaded, else as fields through jnr-ffi.
     */
    public void read(EntryBuffer into) {
        if (SHIM != null) {
            readEncoded(into);
        } else {
            readFields(into);
        }
    }

    /** Whether {@link #read} uses the native shim in this process. */
    public static boolean nativeShim() {
        return SHIM != null;
    }

    /** The current entry in one native call, as an encoded Entry without node_id (needs the shim). */
    public void readEncoded(EntryBuffer into) {
        owned();
        if (SHIM == null) {
            throw new IllegalStateException("the native shim is not loaded");
        }
        into.clear();
        long need = 0;
        while (true) {
            long at = into.encodedBuffer(need);
            long n = SHIM.tributary_entry(address, at, into.encodedCapacity(), into.cursorOut());
            if (n < 0) {
                throw new JournalException("tributary_entry", (int) -n, source.toString());
            }
            if (n <= into.encodedCapacity()) {
                into.encoded(Math.toIntExact(n));
                return;
            }
            need = n; // a larger entry than the buffer has room for: again, with room for it
        }
    }

    /** The current entry's fields copied into a reusable buffer, through ~25 jnr-ffi calls. */
    public void readFields(EntryBuffer into) {
        owned();
        into.clear();
        SD.sd_journal_restart_data(address);
        int r;
        while ((r = SD.sd_journal_enumerate_available_data(address, dataAt, lengthAt)) > 0) {
            into.add(MEMORY.getAddress(dataAt), Math.toIntExact(MEMORY.getLong(lengthAt)));
        }
        check("sd_journal_enumerate_available_data", r);
        // The cursor carries the realtime and monotonic timestamps and the boot id: no further calls needed.
        check("sd_journal_get_cursor", SD.sd_journal_get_cursor(address, wordAt));
        long p = MEMORY.getAddress(wordAt);
        try {
            into.cursor(p, cStringLength(p));
        } finally {
            LibC.INSTANCE.free(p);
        }
    }

    private byte[] copyOut() {
        return NativeCopy.bytes(MEMORY.getAddress(dataAt), Math.toIntExact(MEMORY.getLong(lengthAt)));
    }

    // ---- following

    /** The inotify fd; calling it first makes later waits wait. */
    public int fd() {
        owned();
        return check("sd_journal_get_fd", SD.sd_journal_get_fd(handle));
    }

    /** Processes pending inotify events (new, rotated, deleted files): NOP, APPEND or INVALIDATE. */
    public int process() {
        owned();
        return check("sd_journal_process", SD.sd_journal_process(handle));
    }

    /** Waits up to timeoutUsec for a change: NOP (timeout), APPEND or INVALIDATE. */
    public int await(long timeoutUsec) {
        owned();
        return check("sd_journal_wait", SD.sd_journal_wait(handle, timeoutUsec));
    }

    // ---- about the journal

    /** The distinct values of a field across the journal (matches do not apply). */
    public List<byte[]> unique(String field) {
        owned();
        int r = SD.sd_journal_query_unique(handle, cString(field));
        if (r < 0) {
            throw new JournalException("sd_journal_query_unique", -r, field);
        }
        List<byte[]> values = new ArrayList<>();
        SD.sd_journal_restart_unique(handle);
        while ((r = SD.sd_journal_enumerate_available_unique(handle, dataOut, lengthOut)) > 0) {
            byte[] item = copyOut();
            values.add(java.util.Arrays.copyOfRange(item, field.length() + 1, item.length));
        }
        check("sd_journal_enumerate_available_unique", r);
        return values;
    }

    /** The realtime span {first, last} of the journal, or empty when it has no entries. */
    public Optional<long[]> cutoffRealtime() {
        owned();
        LongLongByReference from = new LongLongByReference();
        LongLongByReference to = new LongLongByReference();
        int r = check("sd_journal_get_cutoff_realtime_usec", SD.sd_journal_get_cutoff_realtime_usec(handle, from, to));
        return r > 0 ? Optional.of(new long[] {from.longValue(), to.longValue()}) : Optional.empty();
    }

    /** Bytes used by the journal's files on disk. */
    public long usage() {
        owned();
        LongLongByReference bytes = new LongLongByReference();
        check("sd_journal_get_usage", SD.sd_journal_get_usage(handle, bytes));
        return bytes.longValue();
    }

    public static String machineId() {
        return id128("sd_id128_get_machine", true);
    }

    public static String bootId() {
        return id128("sd_id128_get_boot", false);
    }

    private static String id128(String call, boolean machine) {
        Pointer out = Memory.allocateDirect(RT, 16, true);
        check(call, machine ? SD.sd_id128_get_machine(out) : SD.sd_id128_get_boot(out));
        byte[] id = new byte[16];
        out.get(0, id, 0, 16);
        return HexFormat.of().formatHex(id);
    }

    @Override
    public void close() {
        if (handle != null) {
            owned();
            SD.sd_journal_close(handle);
            handle = null;
            address = 0;
        }
    }

    private void owned() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("sd-journal handle used from " + Thread.currentThread().getName()
                    + "; it belongs to " + owner.getName());
        }
        if (handle == null) {
            throw new IllegalStateException("journal is closed");
        }
    }

    static byte[] cString(String s) {
        byte[] b = s.getBytes(UTF_8);
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, b.length);
        return c;
    }

    private static String printable(byte[] b) {
        String s = new String(b, UTF_8);
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
