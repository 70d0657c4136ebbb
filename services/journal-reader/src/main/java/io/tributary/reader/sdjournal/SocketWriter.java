package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.NativeBuffer.MEMORY;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * journald's native protocol (one datagram = one entry) on an AF_UNIX socket: what sd_journal_sendv() does, for
 * any socket path (a namespace's). Entries too large for a datagram go as a sealed memfd, as libsystemd does.
 */
final class SocketWriter implements JournalWriter {

    private static final LibC C = LibC.INSTANCE;
    private static final Runtime RT = Runtime.getRuntime(C);

    private final Path path;
    private final int fd;
    private final NativeBuffer payload = new NativeBuffer();
    private final NativeBuffer address = new NativeBuffer();
    private final long addressPtr;
    private final int addressLength;
    private boolean closed;

    SocketWriter(Path path) {
        this.path = path;
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length > 107) {
            throw new IllegalArgumentException("socket path too long: " + path);
        }
        // struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }
        long a = address.reserve(110);
        addressPtr = a;
        MEMORY.setMemory(a, 110, (byte) 0);
        MEMORY.putShort(a, (short) LibC.AF_UNIX);
        MEMORY.putByteArray(a + 2, p, 0, p.length);
        addressLength = 2 + p.length + 1;
        fd = C.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new JournalException("socket", RT.getLastError());
        }
        // As libsystemd: a large send buffer (capped by the kernel's wmem_max); failure is harmless.
        C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, new int[] {8 << 20}, 4);
    }

    @Override
    public void send(List<byte[]> fields) {
        if (closed) { // the fd number may belong to another file by now
            throw new IllegalStateException("journal writer for " + path + " is closed");
        }
        JournalWriter.validate(fields);
        long size = 0;
        for (byte[] f : fields) {
            size += f.length + 10; // '\n' + 8-byte length + '\n' at most
        }
        long buf = payload.reserve(size);
        long at = buf;
        for (byte[] f : fields) {
            int eq = JournalEntry.nameLength(f);
            int valueLength = f.length - eq - 1;
            if (indexOf(f, eq + 1, (byte) '\n') < 0) {
                MEMORY.putByteArray(at, f, 0, f.length); // NAME=value\n
                at += f.length;
            } else { // NAME\n<uint64 LE length>value\n
                MEMORY.putByteArray(at, f, 0, eq);
                at += eq;
                MEMORY.putByte(at++, (byte) '\n');
                MEMORY.putLong(at, valueLength); // native order: little-endian on x86-64 and aarch64
                at += 8;
                MEMORY.putByteArray(at, f, eq + 1, valueLength);
                at += valueLength;
            }
            MEMORY.putByte(at++, (byte) '\n');
        }
        long length = at - buf;
        long r = C.sendto(fd, Pointer.wrap(RT, buf), length, 0, Pointer.wrap(RT, addressPtr), addressLength);
        if (r >= 0) {
            return;
        }
        int errno = RT.getLastError();
        if (errno == Errno.EMSGSIZE || errno == Errno.ENOBUFS) {
            sendAsMemfd(buf, length);
        } else {
            throw new JournalException("sendto", errno, path.toString());
        }
    }

    /** An empty datagram carrying one sealed memfd with the payload (SCM_RIGHTS). */
    private void sendAsMemfd(long buf, long length) {
        int memfd = C.memfd_create("journal-entry\0".getBytes(StandardCharsets.US_ASCII), LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING);
        if (memfd < 0) {
            throw new JournalException("memfd_create", RT.getLastError());
        }
        try {
            for (long done = 0; done < length; ) {
                long w = C.write(memfd, Pointer.wrap(RT, buf + done), length - done);
                if (w < 0) {
                    throw new JournalException("write", RT.getLastError(), "memfd");
                }
                done += w;
            }
            int seals = LibC.F_SEAL_SEAL | LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW | LibC.F_SEAL_WRITE;
            if (C.fcntl(memfd, LibC.F_ADD_SEALS, seals) < 0) {
                throw new JournalException("fcntl(F_ADD_SEALS)", RT.getLastError());
            }
            // struct msghdr (56 bytes) followed by one cmsghdr with an int (CMSG_SPACE(4) = 24 bytes).
            NativeBuffer msg = new NativeBuffer();
            try {
                long m = msg.reserve(56 + 24);
                MEMORY.setMemory(m, 80, (byte) 0);
                long cmsg = m + 56;
                MEMORY.putAddress(m, addressPtr); // msg_name
                MEMORY.putInt(m + 8, addressLength);         // msg_namelen
                MEMORY.putAddress(m + 32, cmsg);              // msg_control
                MEMORY.putLong(m + 40, 24);                   // msg_controllen
                MEMORY.putLong(cmsg, 20);                     // cmsg_len = CMSG_LEN(sizeof(int))
                MEMORY.putInt(cmsg + 8, LibC.SOL_SOCKET);
                MEMORY.putInt(cmsg + 12, LibC.SCM_RIGHTS);
                MEMORY.putInt(cmsg + 16, memfd);
                if (C.sendmsg(fd, Pointer.wrap(RT, m), 0) < 0) {
                    throw new JournalException("sendmsg", RT.getLastError(), path + " (memfd)");
                }
            } finally {
                msg.close();
            }
        } finally {
            C.close(memfd);
        }
    }

    private static int indexOf(byte[] b, int from, byte value) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        if (closed) { // closing the fd again could close a descriptor opened since
            return;
        }
        closed = true;
        C.close(fd);
        payload.close();
        address.close();
    }
}
