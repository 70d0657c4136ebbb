package io.tributary.reader.sdjournal;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Copies native memory into Java arrays with Unsafe.copyMemory (a JIT intrinsic). jffi's MemoryIO.getByteArray
 * makes a JNI call per copy; at ~22 field copies per entry that JNI transition was a fifth of the read path.
 */
final class NativeCopy {

    private static final Unsafe UNSAFE = unsafe();
    private static final long BYTES = Unsafe.ARRAY_BYTE_BASE_OFFSET;

    private NativeCopy() {
    }

    static void into(long address, byte[] target, int offset, int length) {
        UNSAFE.copyMemory(null, address, target, BYTES + offset, length);
    }

    static byte[] bytes(long address, int length) {
        byte[] b = new byte[length];
        UNSAFE.copyMemory(null, address, b, BYTES, length);
        return b;
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
