package io.tributary.query.node;

/** A minimal protobuf wire-format scanner over a byte range. */
final class Wire {

    byte[] b;
    int at;
    int end;

    Wire(byte[] b, int at, int end) {
        this.b = b;
        this.at = at;
        this.end = end;
    }

    Wire reset(byte[] b, int at, int end) {
        this.b = b;
        this.at = at;
        this.end = end;
        return this;
    }

    boolean more() {
        return at < end;
    }

    long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            int x = b[at++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    /** A length prefix, checked against the end. */
    int length() {
        long n = varint();
        if (n < 0 || n > end - at) {
            throw new IllegalArgumentException("length " + n + " past the end");
        }
        return (int) n;
    }

    void skip(int tag) {
        switch (tag & 7) {
            case 0 -> varint();
            case 1 -> at += 8;
            case 2 -> {
                int n = length(); // read before adding: "at += length()" would add to the old position
                at += n;
            }
            case 5 -> at += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
        }
        if (at > end) {
            throw new IllegalArgumentException("field past the end");
        }
    }
}
