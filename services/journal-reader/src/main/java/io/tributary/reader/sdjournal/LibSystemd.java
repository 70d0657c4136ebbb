package io.tributary.reader.sdjournal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.LongLongByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.u_int64_t;

/**
 * The sd-journal part of libsystemd.so.0 (systemd 252), as jnr-ffi sees it. Every {@code int} return is
 * 0 or a positive count on success and {@code -errno} on failure. Paths, cursors and field names are passed
 * as NUL-terminated byte arrays so that the JVM's default charset never matters.
 * Public only because jnr-ffi generates the implementation in its own class loader.
 */
public interface LibSystemd {

    int SD_JOURNAL_LOCAL_ONLY = 1;

    LibSystemd INSTANCE = LibraryLoader.create(LibSystemd.class)
            .option(LibraryOption.IgnoreError, true) // errors come back as -errno, not in errno
            .load("systemd");

    int sd_journal_open(@Out PointerByReference ret, int flags);

    int sd_journal_open_directory(@Out PointerByReference ret, @In byte[] path, int flags);

    int sd_journal_open_files(@Out PointerByReference ret, Pointer nullTerminatedPaths, int flags);

    int sd_journal_open_namespace(@Out PointerByReference ret, @In byte[] namespace, int flags);

    void sd_journal_close(Pointer j);

    int sd_journal_add_match(Pointer j, @In byte[] data, @size_t long size);

    int sd_journal_add_disjunction(Pointer j);

    int sd_journal_add_conjunction(Pointer j);

    void sd_journal_flush_matches(Pointer j);

    int sd_journal_seek_head(Pointer j);

    int sd_journal_seek_tail(Pointer j);

    int sd_journal_seek_cursor(Pointer j, @In byte[] cursor);

    int sd_journal_seek_realtime_usec(Pointer j, @u_int64_t long usec);

    int sd_journal_test_cursor(Pointer j, @In byte[] cursor);

    // The per-entry calls take raw addresses (long), not Pointer objects: all-primitive signatures go through
    // jnr-ffi's fast numeric invokers, several times cheaper per call. These run ~25 times per entry read.

    int sd_journal_next(long j);

    int sd_journal_previous(long j);

    int sd_journal_next_skip(Pointer j, @u_int64_t long skip);

    int sd_journal_previous_skip(Pointer j, @u_int64_t long skip);

    int sd_journal_set_data_threshold(Pointer j, @size_t long size);

    /** dataOut and lengthOut are 8-byte native out-parameters, reused across calls (faster than ByReference). */
    int sd_journal_get_data(Pointer j, @In byte[] field, Pointer dataOut, Pointer lengthOut);

    int sd_journal_enumerate_available_data(long j, long dataOut, long lengthOut);

    void sd_journal_restart_data(long j);

    int sd_journal_get_cursor(long j, long cursorOut);

    int sd_journal_get_realtime_usec(long j, long usecOut);

    /** bootIdOut: a 16-byte buffer; with it, entries of other boots do not fail with -ESTALE. */
    int sd_journal_get_monotonic_usec(Pointer j, @Out LongLongByReference usec, Pointer bootIdOut);

    int sd_journal_get_fd(Pointer j);

    int sd_journal_process(Pointer j);

    int sd_journal_wait(Pointer j, @u_int64_t long timeoutUsec);

    int sd_journal_query_unique(Pointer j, @In byte[] field);

    int sd_journal_enumerate_available_unique(Pointer j, Pointer dataOut, Pointer lengthOut);

    void sd_journal_restart_unique(Pointer j);

    int sd_journal_get_cutoff_realtime_usec(Pointer j, @Out LongLongByReference from, @Out LongLongByReference to);

    int sd_journal_get_usage(Pointer j, @Out LongLongByReference bytes);

    int sd_journal_sendv(Pointer iovecs, int n);

    int sd_id128_get_machine(Pointer out16);

    int sd_id128_get_boot(Pointer out16);
}
