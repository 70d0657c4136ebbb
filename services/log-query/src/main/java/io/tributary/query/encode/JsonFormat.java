package io.tributary.query.encode;

import io.tributary.query.cursor.Bytes;
import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.node.FieldReader;
import io.tributary.query.node.RawEntry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * NDJSON in {@code journalctl -o json --all}'s shape: {@code __CURSOR} (here the composite cursor),
 * {@code __REALTIME_TIMESTAMP}, {@code __MONOTONIC_TIMESTAMP}, {@code _BOOT_ID} and every data field; values are
 * strings, or arrays of byte values when not printable UTF-8 (newline and tab allowed), and a field present several
 * times is an array of its values; no size cut-off. Plus {@code __NODE_ID}, the node the entry came from.
 * Encoded straight from the reader's bytes: no per-field objects.
 */
public class JsonFormat implements Format {

    static final byte[] BOOT_ID = "_BOOT_ID".getBytes(StandardCharsets.US_ASCII);

    private final String contentType;
    private final FieldReader fields = new FieldReader();
    private int[] nameOff = new int[64];
    private int[] nameLen = new int[64];
    private int[] valueOff = new int[64];
    private int[] valueLen = new int[64];
    private int[] hash = new int[64];
    private boolean[] done = new boolean[64];
    // How many of the entry's field names hash into each bucket: a name alone in its bucket cannot repeat, so the
    // pairwise name comparison (quadratic in the number of fields) runs only for the few that share one.
    private static final int BUCKET_MASK = 255;
    private final int[] bucket = new int[BUCKET_MASK + 1];

    public JsonFormat(String contentType) {
        this.contentType = contentType;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public void entry(RawEntry e, CursorState cursor, Out out) {
        out.ascii("{\"__CURSOR\":\"");
        Bytes packed = cursor.packed(); // base64 straight into the output (no String per entry)
        out.base64Url(packed.array(), 0, packed.size());
        rest(e, out);
        out.b('\n');
    }

    /** The JSON object of one entry (no newline). */
    public void object(RawEntry e, String cursor, Out out) {
        out.ascii("{\"__CURSOR\":\"").ascii(cursor);
        rest(e, out);
    }

    /** The object after the cursor's value. */
    private void rest(RawEntry e, Out out) {
        byte[] b = e.buf;
        out.ascii("\",\"__REALTIME_TIMESTAMP\":\"").decimal(e.realtime)
                .ascii("\",\"__MONOTONIC_TIMESTAMP\":\"").decimal(e.monotonic).ascii("\",\"_BOOT_ID\":\"")
                .bytes(b, e.bootOff, e.bootLen).b('"');
        int n = collect(e);
        for (int i = 0; i < n; i++) {
            if (done[i]) {
                continue;
            }
            out.b(',').b('"').bytes(b, nameOff[i], nameLen[i]).b('"').b(':');
            if (bucket[hash[i] & BUCKET_MASK] == 1) { // no other field hashes here: the name is not repeated
                value(b, i, out);
                continue;
            }
            int more = 0;
            for (int k = i + 1; k < n; k++) {
                if (!done[k] && sameName(b, i, k)) {
                    more++;
                }
            }
            if (more == 0) {
                value(b, i, out);
                continue;
            }
            out.b('[');
            value(b, i, out);
            for (int k = i + 1; k < n; k++) {
                if (!done[k] && sameName(b, i, k)) {
                    out.b(',');
                    value(b, k, out);
                    done[k] = true;
                }
            }
            out.b(']');
        }
        out.ascii(",\"__NODE_ID\":").jsonString(e.node).b('}');
        for (int i = 0; i < n; i++) {
            bucket[hash[i] & BUCKET_MASK] = 0;
        }
    }

    private void value(byte[] b, int i, Out out) {
        if (!out.jsonPrintable(b, valueOff[i], valueLen[i])) {
            out.jsonBytes(b, valueOff[i], valueLen[i]);
        }
    }

    private boolean sameName(byte[] b, int i, int k) {
        return hash[i] == hash[k] && nameLen[i] == nameLen[k]
                && Arrays.equals(b, nameOff[i], nameOff[i] + nameLen[i], b, nameOff[k], nameOff[k] + nameLen[k]);
    }

    /** Collects the data fields (without _BOOT_ID, which comes from the header) into the reusable arrays. */
    private int collect(RawEntry e) {
        fields.reset(e);
        int n = 0;
        while (fields.next()) {
            if (fields.nameIs(BOOT_ID)) {
                continue;
            }
            if (n == nameOff.length) {
                grow();
            }
            nameOff[n] = fields.nameOff;
            nameLen[n] = fields.nameLen;
            valueOff[n] = fields.valueOff;
            valueLen[n] = fields.valueLen;
            int h = nameHash(e.buf, nameOff[n], nameLen[n]);
            hash[n] = h;
            bucket[h & BUCKET_MASK]++;
            done[n] = false;
            n++;
        }
        return n;
    }

    /**
     * A cheap hash of a field name from its length and three of its bytes (O(1), this runs for every field): names
     * that collide only cost a byte comparison in {@link #sameName}; the top bits pick the bucket.
     */
    private static int nameHash(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int h = len << 24 ^ b[off] << 16 ^ b[off + len - 1] << 8 ^ b[off + (len >> 1)];
        return h * 0x9E3779B1 >>> 24;
    }

    private void grow() {
        int m = nameOff.length * 2;
        nameOff = Arrays.copyOf(nameOff, m);
        nameLen = Arrays.copyOf(nameLen, m);
        valueOff = Arrays.copyOf(valueOff, m);
        valueLen = Arrays.copyOf(valueLen, m);
        hash = Arrays.copyOf(hash, m);
        done = Arrays.copyOf(done, m);
    }

    /** Trailer: one last line {"__TRAILER":{...}} when a node failed or the client was cut off. */
    @Override
    public void end(List<NodeFailure> failures, String cursor, String closeReason, Out out) {
        if (failures.isEmpty() && closeReason == null) {
            return;
        }
        out.ascii("{\"__TRAILER\":");
        Format.trailerJson(failures, cursor, closeReason, out);
        out.ascii("}\n");
    }

    @Override
    public void keepAlive(Out out) {
        out.b('\n');
    }
}
