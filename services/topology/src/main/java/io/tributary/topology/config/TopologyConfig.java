package io.tributary.topology.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How topology contacts readers and how long it trusts what it learned. */
@ConfigMapping(prefix = "tributary.topology")
public interface TopologyConfig {

    /** The static source: reader endpoints (host:port). Empty: no static source. */
    Optional<List<String>> readers();

    /** How often every reader is asked Describe (health and journal span). */
    @WithDefault("5s")
    Duration describeInterval();

    /** How often the ID index is rebuilt from each reader's Unique (also at once when a reader appears). */
    @WithDefault("30s")
    Duration uniqueInterval();

    /** Deadline of one call to a reader; a slow reader counts as a failed contact. */
    @WithDefault("3s")
    Duration callTimeout();

    /** Consecutive failed contacts after which a node is reported unhealthy. */
    @WithDefault("2")
    int unhealthyAfterFailures();

    /** A node no source lists any more is kept (unhealthy) this long before it is removed. */
    @WithDefault("60s")
    Duration removalGrace();

    /** Events a WatchNodes caller may have pending; a slower watcher is cut off and must watch again. */
    @WithDefault("1024")
    int watchQueueEvents();
}
