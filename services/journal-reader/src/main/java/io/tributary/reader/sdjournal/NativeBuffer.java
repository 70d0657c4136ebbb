package io.tributary.reader.sdjournal;

import com.kenai.jffi.MemoryIO;

/** A growable block of native memory owned by one writer, freed explicitly. */
final class NativeBuffer implements AutoCloseable {

    static final MemoryIO MEMORY = MemoryIO.getInstance();

    private long address;
    private long capacity;

    /** The buffer's address, with room for at least size bytes (old contents are not kept). */
    long reserve(long size) {
        if (size > capacity) {
            close();
            long c = Math.max(size, Math.max(4096, capacity * 2));
            address = MEMORY.allocateMemory(c, false);
            if (address == 0) {
                throw new OutOfMemoryError("native buffer of " + c + " bytes");
            }
            capacity = c;
        }
        return address;
    }

    @Override
    public void close() {
        if (address != 0) {
            MEMORY.freeMemory(address);
            address = 0;
            capacity = 0;
        }
    }
}
