package io.tributary.reader.sdjournal;

import java.util.Map;

/** Names of the errno values sd-journal and the socket calls return (Linux numbering). */
public final class Errno {

    public static final int ENOENT = 2;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int EMSGSIZE = 90;
    public static final int EBADMSG = 74;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;
    public static final int ESTALE = 116;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(5, "EIO"), Map.entry(9, "EBADF"),
            Map.entry(ECHILD, "ECHILD"), Map.entry(EAGAIN, "EAGAIN"), Map.entry(ENOMEM, "ENOMEM"),
            Map.entry(EACCES, "EACCES"), Map.entry(20, "ENOTDIR"), Map.entry(EINVAL, "EINVAL"),
            Map.entry(24, "EMFILE"), Map.entry(ERANGE, "ERANGE"), Map.entry(EBADMSG, "EBADMSG"),
            Map.entry(EMSGSIZE, "EMSGSIZE"), Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"),
            Map.entry(EADDRNOTAVAIL, "EADDRNOTAVAIL"), Map.entry(ENOBUFS, "ENOBUFS"),
            Map.entry(ECONNREFUSED, "ECONNREFUSED"), Map.entry(ESTALE, "ESTALE"), Map.entry(32, "EPIPE"),
            Map.entry(28, "ENOSPC"), Map.entry(36, "ENAMETOOLONG"), Map.entry(21, "EISDIR"));

    private Errno() {
    }

    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno");
    }
}
