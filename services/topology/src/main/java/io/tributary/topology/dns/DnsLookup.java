package io.tributary.topology.dns;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * A and SRV lookups through JNDI's DNS provider ({@code com.sun.jndi.dns}), which, unlike the JDK's
 * InetAddress resolver, can ask a given server on any port (Mesos-DNS, a test's dnsmasq) and reads SRV records.
 * Without a server it uses the system's resolvers.
 */
public final class DnsLookup {

    /** One SRV answer. */
    public record Srv(int priority, int weight, int port, String target) {
    }

    private final Hashtable<String, String> env = new Hashtable<>();

    /** server: host:port, or empty for the system's resolvers. */
    public DnsLookup(Optional<String> server, long timeoutMillis) {
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", server.map(s -> "dns://" + s + "/").orElse("dns:"));
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(100, timeoutMillis / 2)));
        env.put("com.sun.jndi.dns.timeout.retries", "2");
    }

    /** IPv4 addresses of name; empty if the name does not exist. */
    public List<String> a(String name) throws NamingException {
        List<String> r = new ArrayList<>();
        for (String v : records(name, "A")) {
            r.add(v);
        }
        return r;
    }

    public List<Srv> srv(String name) throws NamingException {
        List<Srv> r = new ArrayList<>();
        for (String v : records(name, "SRV")) {
            String[] p = v.trim().split("\\s+"); // "priority weight port target."
            if (p.length == 4) {
                String target = p[3].endsWith(".") ? p[3].substring(0, p[3].length() - 1) : p[3];
                r.add(new Srv(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), target));
            }
        }
        return r;
    }

    private List<String> records(String name, String type) throws NamingException {
        DirContext ctx = new InitialDirContext(env);
        try {
            // a trailing dot makes the name absolute: no search domains from resolv.conf
            Attributes attrs = ctx.getAttributes(name.endsWith(".") ? name : name + ".", new String[] {type});
            Attribute a = attrs.get(type);
            List<String> values = new ArrayList<>();
            if (a != null) {
                NamingEnumeration<?> e = a.getAll();
                while (e.hasMore()) {
                    values.add(String.valueOf(e.next()));
                }
            }
            return values;
        } catch (NameNotFoundException e) {
            return List.of(); // NXDOMAIN: an answer (nothing there), not a failure
        } finally {
            ctx.close();
        }
    }
}
