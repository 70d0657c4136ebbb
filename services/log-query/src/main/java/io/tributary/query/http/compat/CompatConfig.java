package io.tributary.query.http.compat;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** What the DC/OS- and gatewayd-compatible front doors mean by "this node" and "the leader" in a cluster. */
@ConfigMapping(prefix = "tributary.compat")
public interface CompatConfig {

    Dcos dcos();

    interface Dcos {
        /**
         * The node {@code /system/v1/logs/...} reads (node id, hostname or agent id). Unset: the merged cluster (the
         * "node that serves the request" is log-query itself, which stands for every node).
         */
        Optional<String> localNode();

        /**
         * The node(s) {@code /system/v1/leader/mesos/logs/...} reads (comma-separated node ids, hostnames or agent
         * ids). Unset: every node topology knows without a Mesos agent id (the masters), merged.
         */
        Optional<String> leaderNodes();
    }
}
