package io.tributary.topology.it;

import io.tributary.testkit.ServiceProcess;
import io.tributary.topology.dns.DnsLookup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A real dnsmasq (Debian's dnsmasq-base) on 127.0.0.1 and a free port, answering only what it is given. */
final class Dnsmasq implements AutoCloseable {

    final int port;
    private final Process process;

    Dnsmasq(List<String> records) throws IOException, InterruptedException {
        port = ServiceProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--pid-file", "--log-facility=-",
                "--host-record=dnsmasq-ready.test,127.0.0.1")); // with no upstream, unknown names are REFUSED
        cmd.addAll(records);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of("target/dnsmasq-" + port + ".log").toFile()).start();
        DnsLookup lookup = new DnsLookup(Optional.of(server()), 500);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) { // up once it answers
            try {
                if (!lookup.a("dnsmasq-ready.test").isEmpty()) {
                    return;
                }
            } catch (javax.naming.NamingException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IOException("dnsmasq did not answer on 127.0.0.1:" + port + " (see target/dnsmasq-" + port + ".log)");
                }
                Thread.sleep(50);
            }
        }
    }

    String server() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
