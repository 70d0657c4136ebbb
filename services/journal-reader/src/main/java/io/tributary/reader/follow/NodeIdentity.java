package io.tributary.reader.follow;

import io.tributary.reader.sdjournal.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this node is: its machine id (the node id everywhere in Tributary), boot id and hostname. */
@ApplicationScoped
public class NodeIdentity {

    private final String machineId = Journal.machineId();
    private final byte[] idBytes = machineId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final String bootId = Journal.bootId();
    private final String hostname = lookupHostname();

    public String machineId() {
        return machineId;
    }

    /** The node id as it goes on the wire with every entry. */
    public byte[] idBytes() {
        return idBytes.clone();
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
