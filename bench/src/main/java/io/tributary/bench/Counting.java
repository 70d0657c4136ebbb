package io.tributary.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client-side entry counting for the range measures, the same for every source: NDJSON/JSON and text are counted by
 * newlines, export format by record separators (an empty line: "\n\n"). HTTP sources are read over HTTP/1.1 by
 * {@link #get}, the body consumed as it arrives and never stored; commands (journalctl) through a pipe into the
 * same counter.
 */
final class Counting {

    /** entries counted, bytes, wall ns from sending the request (or forking) to the end of the body, HTTP status. */
    record Count(long entries, long bytes, long nanos, int status) {
        double rate() {
            return entries / (nanos / 1e9);
        }
    }

    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "counting-timeouts");
        t.setDaemon(true);
        return t;
    });

    private Counting() {
    }

    /** Counts newlines, or export records when {@code export}; tracks the last byte across buffers. */
    static final class Counter {
        private static final long NL = 0x0A0A0A0A0A0A0A0AL;
        private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
        private final boolean export;
        private long count;
        private byte last;

        Counter(boolean export) {
            this.export = export;
        }

        long count() {
            return count;
        }

        void accept(byte[] a, int off, int len) {
            accept(ByteBuffer.wrap(a), off, len);
        }

        /**
         * Bytes {@code off} to {@code off + len} of {@code b} (absolute, its position untouched), eight at a time: the
         * counting must cost far less than the services measured.
         */
        void accept(ByteBuffer b, int off, int len) {
            b.order(ByteOrder.LITTLE_ENDIAN);
            long c = count;
            int i = off;
            int end = off + len;
            // bit 7: whether the byte before the current word was '\n' (an export "\n\n" across words)
            long carry = last == '\n' ? 0x80L : 0;
            for (; i + 8 <= end; i += 8) {
                long x = b.getLong(i) ^ NL;
                long m = ~(((x & LOW7) + LOW7) | x | LOW7); // bit 7 set exactly in the bytes that were '\n'
                if (export) {
                    c += Long.bitCount(m & ((m << 8) | carry));
                    carry = m >>> 56;
                } else {
                    c += Long.bitCount(m);
                }
            }
            byte prev = i > off ? b.get(i - 1) : last;
            for (; i < end; i++) {
                byte x = b.get(i);
                if (x == '\n' && (!export || prev == '\n')) {
                    c++;
                }
                prev = x;
            }
            count = c;
            if (len > 0) {
                last = prev;
            }
        }
    }

    /**
     * GET over a plain HTTP/1.1 connection ({@code Connection: close}), the body counted as it arrives and never
     * stored: status line, headers, then a chunked, Content-Length or close-delimited body. A small client of its own
     * because the JDK HttpClient spent about 2.5 CPU-s per million NDJSON entries, on the same two cores as the
     * services it measures (curl: ~1.4).
     */
    static Count get(URI uri, String accept, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("GET ").append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            req.append('?').append(uri.getRawQuery());
        }
        req.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
                .append("\r\nAccept: ").append(accept).append("\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        req.append("\r\n");
        Counter counter = new Counter(accept.equals("application/vnd.fdo.journal"));
        long t0 = System.nanoTime();
        try (SocketChannel s = SocketChannel.open()) {
            // a blocking channel has no read timeout: closing it from here ends a hung read with an exception
            ScheduledFuture<?> timeout = TIMEOUTS.schedule(() -> close(s), 15, TimeUnit.MINUTES);
            s.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            ByteBuffer out = ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                s.write(out);
            }
            Body body = new Body(s, counter);
            int status = body.readHead(uri);
            long bytes = body.readBody();
            timeout.cancel(false);
            return new Count(counter.count(), bytes, System.nanoTime() - t0, status);
        }
    }

    private static void close(SocketChannel s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    /** The response of {@link #get}: its head parsed, its body decoded into the counter. */
    static final class Body {
        private final ReadableByteChannel in;
        private final Counter counter;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 18); // direct: no copy out of the socket
        private int pos;
        private int lim;
        private boolean chunked;
        private long length = -1;

        Body(ReadableByteChannel in, Counter counter) {
            this.in = in;
            this.counter = counter;
        }

        /** Reads the status line and headers; returns the status code. */
        int readHead(URI uri) throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("GET " + uri + ": not an HTTP/1.x response: " + status);
            }
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : h.substring(colon + 1).trim();
                if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                }
            }
            return Integer.parseInt(status.split(" ", 3)[1]);
        }

        /** Feeds the body to the counter; returns its decoded length. */
        long readBody() throws IOException {
            if (!chunked) {
                return data(length < 0 ? Long.MAX_VALUE : length);
            }
            long total = 0;
            while (true) {
                String size = line();
                int ext = size.indexOf(';');
                long n = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
                if (n == 0) {
                    return total; // trailers, if any, are not needed: the connection closes
                }
                if (data(n) != n) {
                    throw new EOFException("connection closed inside a chunk");
                }
                total += n;
                if (!line().isEmpty()) {
                    throw new IOException("no CRLF after a chunk");
                }
            }
        }

        /** Up to {@code n} body bytes (fewer only at the end of the stream) to the counter. */
        private long data(long n) throws IOException {
            long left = n;
            while (left > 0) {
                if (pos == lim && !fill()) {
                    break;
                }
                int k = (int) Math.min(left, lim - pos);
                counter.accept(buf, pos, k);
                pos += k;
                left -= k;
            }
            return n - left;
        }

        /** One CRLF- (or LF-) terminated line of the head or of the chunk framing, without its terminator. */
        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos == lim && !fill()) {
                    throw new EOFException("connection closed in the response framing");
                }
                byte b = buf.get(pos++);
                if (b == '\n') {
                    int l = sb.length();
                    return l > 0 && sb.charAt(l - 1) == '\r' ? sb.substring(0, l - 1) : sb.toString();
                }
                if (sb.length() > 8192) {
                    throw new IOException("response framing line over 8 KiB");
                }
                sb.append((char) (b & 0xff));
            }
        }

        private boolean fill() throws IOException {
            buf.clear();
            int n = in.read(buf);
            pos = 0;
            lim = Math.max(n, 0);
            return n > 0;
        }
    }

    /** Runs a command with stdout piped into the counter (stderr inherited); fails on a non-zero exit. */
    static Count command(List<String> cmd, boolean export) throws IOException, InterruptedException {
        Counter counter = new Counter(export);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        try (InputStream in = p.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                counter.accept(buf, 0, n);
                bytes += n;
            }
        }
        int exit = p.waitFor();
        long t = System.nanoTime() - t0;
        if (exit != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + exit);
        }
        return new Count(counter.count(), bytes, t, 0);
    }
}
