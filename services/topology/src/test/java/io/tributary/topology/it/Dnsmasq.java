package io.tributary.topology.it;

import io.tributary.testkit.ServiceProcess;
import io.tributary.topology.dns.DnsLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real dnsmasq (Debian's dnsmasq-base) on 127.0.0.1 and a free port, answering only what it is given: records
 * as options (fixed for its lifetime) and A records from a hosts file it re-reads on {@link #hosts} (SIGHUP).
 */
final class Dnsmasq implements AutoCloseable {

    final int port;
    private final Process process;
    private final Path hostsFile;

    Dnsmasq(List<String> records) throws IOException, InterruptedException {
        port = ServiceProcess.freePort();
        // dnsmasq drops to user nobody: the file must be world-readable (createTempFile makes it 0600)
        hostsFile = Files.createTempFile("dnsmasq-hosts", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--pid-file", "--log-facility=-",
                "--addn-hosts=" + hostsFile,
                "--host-record=dnsmasq-ready.test,127.0.0.1")); // with no upstream, unknown names are REFUSED
        cmd.addAll(records);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of("target/dnsmasq-" + port + ".log").toFile()).start();
        if (!answers("dnsmasq-ready.test", 1)) {
            close();
            throw new IOException("dnsmasq did not answer on 127.0.0.1:" + port + " (see target/dnsmasq-" + port + ".log)");
        }
    }

    String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * Replaces the A records of name with addresses (hosts-file lines, re-read on SIGHUP, the way an operator
     * changes a running dnsmasq) and returns once dnsmasq answers with exactly that many.
     */
    void hosts(String name, String... addresses) throws IOException, InterruptedException {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("at least one address (a name without records is REFUSED, not empty)");
        }
        StringBuilder sb = new StringBuilder();
        for (String a : addresses) {
            sb.append(a).append(' ').append(name).append('\n');
        }
        Files.writeString(hostsFile, sb.toString(), StandardCharsets.US_ASCII);
        int rc = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0 || !answers(name, addresses.length)) {
            throw new IOException("dnsmasq did not reload " + hostsFile + " (see target/dnsmasq-" + port + ".log)");
        }
    }

    /** Polls until name has count (at least 1) A records; false after 10 s or if dnsmasq died. */
    private boolean answers(String name, int count) throws InterruptedException {
        DnsLookup lookup = new DnsLookup(Optional.of(server()), 500);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                if (lookup.a(name).size() == count) {
                    return true;
                }
            } catch (javax.naming.NamingException notYet) {
                // not up yet, or REFUSED for a name it does not know
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(hostsFile);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
