package io.tributary.query.it;

import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * A real DNS server (Debian's dnsmasq-base) on 127.0.0.1 serving the SRV records of one name, each pointing at a
 * reader port on 127.0.0.1 — what topology's {@code dns} source reads (Mesos-DNS's shape). dnsmasq re-reads no SRV
 * records at runtime, so {@link #serve} restarts it on the same port with the new set; meanwhile topology keeps its
 * last listing (a failed lookup changes nothing).
 */
final class SrvDns implements AutoCloseable {

    private static final String TARGET = "reader.membership.test";
    final String name;
    final int port;
    private Process process;

    SrvDns(String name) throws IOException {
        this.name = name;
        this.port = ServiceProcess.freePort();
    }

    String server() {
        return "127.0.0.1:" + port;
    }

    /** (Re)starts dnsmasq answering name with one SRV record per reader port; returns once it answers them. */
    synchronized void serve(List<Integer> readerPorts) throws IOException, InterruptedException {
        close();
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port, "--pid-file", "--log-facility=-",
                "--host-record=" + TARGET + ",127.0.0.1"));
        readerPorts.forEach(p -> cmd.add("--srv-host=" + name + "," + TARGET + "," + p));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                    Path.of("target/it-membership-dnsmasq.log").toFile())).start();
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (srvRecords() == readerPorts.size()) {
                    return;
                }
                Thread.sleep(50);
            }
            if (System.nanoTime() >= deadline) {
                close();
                throw new IOException("dnsmasq did not serve " + name + " (target/it-membership-dnsmasq.log)");
            }
            Thread.sleep(100); // exited: the old instance's port was not free yet
        }
    }

    private int srvRecords() {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + port);
        env.put("com.sun.jndi.dns.timeout.initial", "300");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            Attribute srv = new InitialDirContext(env).getAttributes(name, new String[] {"SRV"}).get("SRV");
            return srv == null ? 0 : srv.size();
        } catch (NamingException notYet) {
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
