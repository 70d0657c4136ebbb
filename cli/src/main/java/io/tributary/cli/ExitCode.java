package io.tributary.cli;

/** What the exit status tells a script (documented in README "The CLI"). */
public final class ExitCode {

    public static final int OK = 0;
    /** The command ran but the output is incomplete: a node failed (named on stderr). */
    public static final int PARTIAL = 1;
    /** Bad options, or the server refused the request as malformed (HTTP 400/406). */
    public static final int USAGE = 2;
    /** Not logged in, bad or expired token, or not allowed (HTTP 401/403, failed login). */
    public static final int AUTH = 3;
    /** No such node, agent or task, or an ambiguous task reference (HTTP 404/409). */
    public static final int NOT_FOUND = 4;
    /** The server cannot be reached or failed (connection errors, HTTP 5xx, an unreadable answer). */
    public static final int UNAVAILABLE = 5;

    private ExitCode() {
    }

    /** The exit code for an HTTP status the API answered with. */
    public static int forStatus(int status) {
        return switch (status) {
            case 400, 406 -> USAGE;
            case 401, 403 -> AUTH;
            case 404, 409 -> NOT_FOUND;
            default -> UNAVAILABLE;
        };
    }
}
