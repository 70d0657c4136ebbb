package io.tributary.topology.source;

/** host:port strings: the form every source lists readers in. */
public final class Endpoints {

    private Endpoints() {
    }

    /** The endpoint itself, or IllegalArgumentException naming what is wrong. */
    public static String check(String endpoint) {
        host(endpoint);
        port(endpoint);
        return endpoint;
    }

    public static String host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("reader endpoint '" + endpoint + "' is not host:port");
        }
        String host = endpoint.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public static int port(String endpoint) {
        try {
            int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reader endpoint '" + endpoint + "' has no valid port");
        }
    }

    public static String of(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
