package io.tributary.cli;

import picocli.CommandLine.Option;

/**
 * The server options every API command has: {@code --url} (else {@code TRIBUTARY_URL}, else
 * http://127.0.0.1:8080) and the token ({@code TRIBUTARY_TOKEN}, else the one {@code tributary login} stored for
 * that URL).
 */
public class Server {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", paramLabel = "URL", description = "log-query's base URL (default: $TRIBUTARY_URL, else "
            + DEFAULT_URL + ")")
    String url;

    public String url() {
        String u = url != null ? url : System.getenv().getOrDefault("TRIBUTARY_URL", DEFAULT_URL);
        u = u.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new CliException(ExitCode.USAGE, "--url must start with http:// or https://, not '" + u + "'");
        }
        return u;
    }

    public Config config() {
        return Config.forUser(System.getenv());
    }

    /** An API client for the URL, with the token if there is one. */
    public Api api() {
        String u = url();
        String token = System.getenv("TRIBUTARY_TOKEN");
        if (token == null || token.isBlank()) {
            token = config().token(u);
        }
        return new Api(u, token);
    }
}
