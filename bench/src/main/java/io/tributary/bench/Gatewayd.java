package io.tributary.bench;

import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code systemd-journal-gatewayd -D DIR} on 127.0.0.1 and a free high port. gatewayd takes no address or port
 * option (it listens on 19531 on all addresses, or on sockets passed by systemd), so it is started under
 * {@code systemd-socket-activate -l 127.0.0.1:PORT}, which hands it the listening socket.
 */
final class Gatewayd implements AutoCloseable {

    static final Path BINARY = Path.of("/lib/systemd/systemd-journal-gatewayd");

    private final Process process;
    private final int port;

    private Gatewayd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Gatewayd directory(Path dir, Path log) throws IOException, InterruptedException {
        int port = ServiceProcess.freePort();
        Process p = new ProcessBuilder("systemd-socket-activate", "-l", "127.0.0.1:" + port, BINARY.toString(),
                "--directory=" + dir.toAbsolutePath()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroy();
                    throw new IOException("systemd-socket-activate + gatewayd not listening on " + port);
                }
                Thread.sleep(20);
            }
        }
        return new Gatewayd(p, port);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
