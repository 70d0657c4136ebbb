package io.tributary.topology.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The mesos source: the master's v1 operator API event stream, or polling /master/state. */
@ConfigMapping(prefix = "tributary.topology.mesos")
public interface MesosConfig {

    enum Mode { SUBSCRIBE, POLL }

    /** The master, e.g. {@code http://leader.mesos:5050}. Unset: off. */
    Optional<String> url();

    /** SUBSCRIBE (falls back to POLL when the master does not offer the v1 API) or POLL only. */
    @WithDefault("SUBSCRIBE")
    Mode mode();

    /** When set, every agent's hostname:this port is a reader endpoint (a reader runs on each agent). */
    OptionalInt readerPort();

    /** The stream is considered dead after this many heartbeat intervals without any event. */
    @WithDefault("5")
    int missedHeartbeats();

    /** Reconnect backoff: first wait, doubled on each failure up to the max. */
    @WithDefault("500ms")
    Duration backoffMin();

    @WithDefault("30s")
    Duration backoffMax();

    /** Polling interval of GET /master/state. */
    @WithDefault("10s")
    Duration pollInterval();

    /** Connect and (for polling) request timeout. */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * The largest RecordIO record (one event) accepted; the SUBSCRIBED snapshot is the large one (~0.9 KB per task
     * in Mesos' JSON: 100,000 tasks ~86 MB). It is streamed, not held, so this guards against corrupt lengths and
     * runaway snapshots rather than sizing a buffer. A larger record fails the stream (reported by the source's
     * health) and is retried with backoff.
     */
    @WithDefault("256M")
    MemorySize maxRecordSize();

    /** Finished tasks kept after the master forgets them (their logs outlive them); oldest dropped first. */
    @WithDefault("10000")
    int finishedTaskHistory();
}
