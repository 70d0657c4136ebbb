package io.tributary.topology.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The dns source: a name resolved periodically to reader endpoints. */
@ConfigMapping(prefix = "tributary.topology.dns")
public interface DnsConfig {

    enum RecordType { A, SRV }

    /** The name, e.g. {@code _journal-reader._tcp.marathon.mesos} (SRV) or a headless Service name (A). Unset: off. */
    Optional<String> name();

    @WithDefault("A")
    RecordType type();

    /** Reader port for A records (SRV records carry their own). */
    @WithDefault("8083")
    int port();

    /** DNS server as host:port; unset: the system's resolvers (/etc/resolv.conf). */
    Optional<String> server();

    @WithDefault("10s")
    Duration interval();
}
