package io.tributary.reader.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the reader serves streams, and what it says about its node. */
@ConfigMapping(prefix = "tributary.reader")
public interface ReaderConfig {

    /** Default entries per batch (a request may ask for fewer or more, up to max-batch-entries). */
    @WithDefault("256")
    int batchEntries();

    @WithDefault("4096")
    int maxBatchEntries();

    /** A batch is cut when it reaches about this many bytes (kept small: each batch is serialized in one array). */
    @WithDefault("262144")
    int batchBytes();

    /** Concurrent Read streams still reading history (each holds a journal handle and a thread). */
    @WithDefault("256")
    int maxRangeStreams();

    /** How often the shared tail looks for new entries while someone follows (journald's own wake-up is 250-500 ms). */
    @WithDefault("2ms")
    Duration followPoll();

    /**
     * Recent entries the shared tail keeps for followers joining it (at most this many, and at most
     * tail-ring-bytes of field data); a joiner that arrives later than the ring reaches reads the journal again.
     */
    @WithDefault("4096")
    int tailRingEntries();

    @WithDefault("8388608")
    long tailRingBytes();

    /** A follower whose queue holds more than this many batches is detached and reads the journal until it catches up. */
    @WithDefault("4")
    int followerQueueBatches();

    /** An idle follow stream gets a heartbeat this often. */
    @WithDefault("250ms")
    Duration heartbeatInterval();

    /**
     * Heartbeat watermark = now - this. journald stamps an entry when it receives it and writes it at once, so an
     * entry not visible after this long will not appear with an older timestamp.
     */
    @WithDefault("50ms")
    Duration watermarkLag();

    /** The shared tail closes its journal handle after this long without followers. */
    @WithDefault("30s")
    Duration tailIdleTimeout();

    /** This node's id in Tributary (Describe, every entry); default: the machine id of the host. */
    Optional<String> nodeId();

    /** This node's Mesos agent id, if any (reported by Describe). */
    Optional<String> agentId();

    /** This node's name in the cluster (e.g. the Kubernetes node name), if any. */
    Optional<String> nodeName();

    /** How other services reach this reader (host:port), reported by Describe. */
    Optional<String> endpoint();
}
