package io.tributary.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sends entries to a journald socket with the native protocol: one {@code AF_UNIX}/{@code SOCK_DGRAM}
 * datagram per entry, {@code NAME=value\n} per field, or {@code NAME\n<uint64 LE length><bytes>\n} when the
 * value contains a newline.
 *
 * <p>Why a python3 helper process: Java 17 has no {@code AF_UNIX} datagram sockets (only stream channels),
 * and {@code sd_journal_sendv()}, logger and systemd-cat cannot target a namespace's socket. The helper is
 * started once and relays length-prefixed frames from its stdin to the socket, answering each with the
 * errno of {@code sendto()} (0 = sent), so a send to a stale socket (no journald behind it) fails here.
 * Entries must fit one datagram (the helper forces an 8 MiB send buffer when root); the memfd path for
 * larger entries is not implemented.
 */
public final class JournaldSender implements AutoCloseable {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    private static final String RELAY = String.join("\n",
            "import errno, socket, struct, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "try: s.setsockopt(socket.SOL_SOCKET, 32, 8 << 20)  # SO_SNDBUFFORCE, root only",
            "except OSError: s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)",
            "i, o = sys.stdin.buffer, sys.stdout.buffer",
            "while True:",
            "    h = i.read(4)",
            "    if len(h) < 4: break",
            "    d = i.read(struct.unpack('>I', h)[0])",
            "    try:",
            "        s.sendto(d, sys.argv[1]); r = 0",
            "    except OSError as e:",
            "        r = e.errno or 255",
            "    o.write(bytes([min(r, 255)])); o.flush()",
            "");

    private final Path socket;
    private final Process relay;
    private final DataOutputStream toRelay;
    private final InputStream fromRelay;

    private JournaldSender(Path socket, Process relay) {
        this.socket = socket;
        this.relay = relay;
        this.toRelay = new DataOutputStream(relay.getOutputStream());
        this.fromRelay = relay.getInputStream();
    }

    /** Starts the relay for {@code socket}, e.g. {@code /run/systemd/journal.<ns>/socket}. */
    public static JournaldSender open(Path socket) throws IOException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, "-c", RELAY, socket.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new JournaldSender(socket, p);
    }

    public Path socket() {
        return socket;
    }

    /** Sends one entry. Names starting with '_' are trusted fields that journald drops from clients. */
    public void send(JournalField... fields) throws IOException {
        send(List.of(fields));
    }

    /**
     * Sends one entry.
     *
     * @throws IOException with the errno name when {@code sendto()} failed, e.g. ECONNREFUSED when no
     *                     journald listens on the socket, ENOENT when the socket does not exist
     */
    public synchronized void send(List<JournalField> fields) throws IOException {
        byte[] payload = encode(fields);
        toRelay.writeInt(payload.length);
        toRelay.write(payload);
        toRelay.flush();
        int errno = fromRelay.read();
        if (errno < 0) {
            throw new IOException("python3 relay for " + socket + " died (exit " + exitValue() + ")");
        }
        if (errno != 0) {
            throw new IOException("sendto " + socket + " failed: " + errnoName(errno));
        }
    }

    /** The native-protocol datagram for one entry. */
    public static byte[] encode(List<JournalField> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JournalField f : fields) {
            if (!FIELD_NAME.matcher(f.name()).matches()) {
                throw new IllegalArgumentException("invalid journal field name: " + f.name());
            }
            out.writeBytes(f.name().getBytes(StandardCharsets.US_ASCII));
            byte[] v = f.value();
            if (indexOf(v, (byte) '\n') < 0) {
                out.write('=');
            } else {
                out.write('\n');
                for (int i = 0; i < 8; i++) {
                    out.write((int) ((long) v.length >>> (8 * i)));
                }
            }
            out.writeBytes(v);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String errnoName(int errno) {
        return switch (errno) {
            case 2 -> "ENOENT (no such socket)";
            case 11 -> "EAGAIN";
            case 13 -> "EACCES";
            case 90 -> "EMSGSIZE (entry larger than one datagram)";
            case 105 -> "ENOBUFS";
            case 111 -> "ECONNREFUSED (no journald behind the socket)";
            default -> "errno " + errno;
        };
    }

    private String exitValue() {
        try {
            return String.valueOf(relay.exitValue());
        } catch (IllegalThreadStateException e) {
            return "still running";
        }
    }

    @Override
    public void close() {
        try {
            toRelay.close(); // EOF makes the relay exit
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!relay.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                relay.destroyForcibly();
            }
        } catch (InterruptedException e) {
            relay.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
