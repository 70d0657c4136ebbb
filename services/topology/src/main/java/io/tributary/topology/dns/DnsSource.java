package io.tributary.topology.dns;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.topology.config.DnsConfig;
import io.tributary.topology.config.TopologyConfig;
import io.tributary.topology.source.Endpoints;
import io.tributary.topology.source.ReaderListings;
import io.tributary.topology.source.SourceStatuses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.naming.NamingException;
import org.jboss.logging.Logger;

/**
 * The dns source: a name resolved every interval to reader endpoints. A records give {@code ip:port} with the
 * configured port (a Kubernetes headless Service); SRV records give {@code target:port} (Mesos-DNS
 * {@code _journal-reader._tcp.marathon.mesos}), their targets resolved to addresses through the same server
 * (Mesos-DNS targets are names only it knows). A failed lookup keeps the last listing.
 */
@ApplicationScoped
public class DnsSource {

    public static final String NAME = "dns";
    private static final Logger LOG = Logger.getLogger(DnsSource.class);

    @Inject
    DnsConfig config;

    @Inject
    TopologyConfig topology;

    @Inject
    ReaderListings listings;

    @Inject
    SourceStatuses statuses;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent ev) {
        if (config.name().isEmpty()) {
            return;
        }
        statuses.register(NAME);
        DnsLookup dns = new DnsLookup(config.server(), topology.callTimeout().toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "topology-dns");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> refresh(dns), 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void refresh(DnsLookup dns) {
        String name = config.name().get();
        try {
            Set<String> endpoints = new TreeSet<>();
            if (config.type() == DnsConfig.RecordType.A) {
                for (String ip : dns.a(name)) {
                    endpoints.add(Endpoints.of(ip, config.port()));
                }
            } else {
                for (DnsLookup.Srv srv : dns.srv(name)) {
                    var ips = dns.a(srv.target());
                    if (ips.isEmpty()) {
                        endpoints.add(Endpoints.of(srv.target(), srv.port())); // let the system resolve it later
                    }
                    for (String ip : ips) {
                        endpoints.add(Endpoints.of(ip, srv.port()));
                    }
                }
            }
            listings.replace(NAME, endpoints);
            statuses.success(NAME);
        } catch (NamingException | RuntimeException e) {
            statuses.failure(NAME, "lookup of " + name + " failed: " + e);
            LOG.debugf("DNS lookup of %s failed: %s", name, e);
        }
    }
}
