package io.tributary.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A {@code ReadResponse} reduced to what a counting client needs: how many entries its batch holds and whether it
 * is a heartbeat (public for the A/B kit in bench/ab). {@link #MARSHALLER} reads the message's bytes once (as log-query does with reader streams) and
 * walks the wire format: {@code batch} (1) is entered and each {@code entries} (1) occurrence counted and skipped,
 * {@code heartbeat} (2) recognised by its tag, anything else skipped.
 */
public record CountedResponse(int entries, boolean heartbeat) {

    // Tags: field number << 3 | wire type.
    private static final int BATCH = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;     // ReadResponse.batch
    private static final int HEARTBEAT = 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED; // ReadResponse.heartbeat
    private static final int ENTRIES = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;   // Batch.entries

    public static final MethodDescriptor.Marshaller<CountedResponse> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(CountedResponse value) {
            throw new UnsupportedOperationException("responses are only parsed here");
        }

        @Override
        public CountedResponse parse(InputStream stream) {
            try {
                return of(stream.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static CountedResponse of(byte[] message) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message);
        int entries = 0;
        boolean heartbeat = false;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == BATCH) {
                int limit = in.pushLimit(in.readRawVarint32());
                int t;
                while ((t = in.readTag()) != 0) {
                    if (t == ENTRIES) {
                        entries++;
                    }
                    in.skipField(t);
                }
                in.popLimit(limit);
            } else {
                heartbeat |= tag == HEARTBEAT;
                in.skipField(tag);
            }
        }
        return new CountedResponse(entries, heartbeat);
    }
}
