package io.tributary.reader.sdjournal;

/** A failed libsystemd or libc call: names the call and the errno (e.g. "sd_journal_seek_cursor: EINVAL (22)"). */
public class JournalException extends RuntimeException {

    private final int errno;

    public JournalException(String call, int errno) {
        this(call, errno, null);
    }

    public JournalException(String call, int errno, String detail) {
        super(call + ": " + Errno.name(errno) + " (" + errno + ")" + (detail == null ? "" : ": " + detail));
        this.errno = errno;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** Returns r if it is >= 0; throws for -errno. */
    static int check(String call, int r) {
        if (r < 0) {
            throw new JournalException(call, -r);
        }
        return r;
    }
}
