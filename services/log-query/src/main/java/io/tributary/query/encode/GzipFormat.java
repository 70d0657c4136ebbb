package io.tributary.query.encode;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.node.RawEntry;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Another format's bytes as one gzip member (RFC 1952), compressed as they are produced: a download
 * ({@code Content-Type: application/gzip}), not a Content-Encoding. Heap: the deflater's window and one chunk.
 */
public final class GzipFormat implements Format {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Format inner;
    private final Out plain = new Out(8192);
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[16384];
    private long size;
    private boolean started;
    private boolean finished;

    public GzipFormat(Format inner) {
        this.inner = inner;
    }

    @Override
    public String contentType() {
        return "application/gzip";
    }

    @Override
    public void entry(RawEntry e, CursorState cursor, Out out) {
        inner.entry(e, cursor, plain);
        if (plain.size() >= 4096) {
            compress(out);
        }
    }

    @Override
    public void failure(NodeFailure f, Out out) {
        inner.failure(f, plain);
    }

    @Override
    public void gap(String node, String reason, Out out) {
        inner.gap(node, reason, plain);
    }

    @Override
    public void end(List<NodeFailure> failures, String cursor, String closeReason, Out out) {
        if (finished) {
            return;
        }
        inner.end(failures, cursor, closeReason, plain);
        compress(out);
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            out.bytes(buf, 0, n);
        }
        deflater.end();
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) {
            out.b((int) (c >>> (8 * i)));
        }
        for (int i = 0; i < 4; i++) {
            out.b((int) (size >>> (8 * i)));
        }
        finished = true;
    }

    private void compress(Out out) {
        if (!started) {
            out.bytes(HEADER);
            started = true;
        }
        if (plain.size() == 0) {
            return;
        }
        crc.update(plain.array(), 0, plain.size());
        size += plain.size();
        deflater.setInput(plain.array(), 0, plain.size());
        while (!deflater.needsInput()) {
            int n = deflater.deflate(buf);
            out.bytes(buf, 0, n);
        }
        plain.reset();
    }
}
