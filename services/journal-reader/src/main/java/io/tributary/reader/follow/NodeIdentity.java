package io.tributary.reader.follow;

import io.tributary.reader.config.ReaderConfig;
import io.tributary.reader.sdjournal.Journal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who this node is: its node id (the machine id unless {@code tributary.reader.node-id} overrides it; the node id
 * everywhere in Tributary), boot id and hostname.
 */
@ApplicationScoped
public class NodeIdentity {

    @Inject
    ReaderConfig config;

    private String machineId;
    private byte[] idBytes;
    private final String bootId = Journal.bootId();
    private final String hostname = lookupHostname();

    @PostConstruct
    void init() {
        // Several readers on one machine (tests, or one reader per imported journal directory) would all report the
        // host's machine id; the override keeps node ids unique across the cluster.
        this.machineId = config.nodeId().orElseGet(Journal::machineId);
        this.idBytes = machineId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The node id as it goes on the wire with every entry (shared: read it, never write into it). */
    public byte[] idBytes() {
        return idBytes;
    }

    public String machineId() {
        return machineId;
    }

    public String bootId() {
        return bootId;
    }

    public String hostname() {
        return hostname;
    }

    private static String lookupHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }
}
