package io.tributary.reader.sdjournal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The few libc calls the binding needs: free() for libsystemd's strings, and an AF_UNIX datagram socket. */
public interface LibC {

    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_SNDBUF = 7;
    int SCM_RIGHTS = 1;
    int MFD_CLOEXEC = 1;
    int MFD_ALLOW_SEALING = 2;
    int F_ADD_SEALS = 1033;
    int F_SEAL_SEAL = 1;
    int F_SEAL_SHRINK = 2;
    int F_SEAL_GROW = 4;
    int F_SEAL_WRITE = 8;

    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    void free(long address);

    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, @In int[] value, int length);

    @ssize_t long sendto(int fd, Pointer buf, @size_t long len, int flags, Pointer addr, int addrLen);

    @ssize_t long sendmsg(int fd, Pointer msghdr, int flags);

    int memfd_create(@In byte[] name, int flags);

    @ssize_t long write(int fd, Pointer buf, @size_t long len);

    int fcntl(int fd, int cmd, int arg);

    int close(int fd);
}
