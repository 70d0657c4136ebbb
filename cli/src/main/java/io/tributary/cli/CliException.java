package io.tributary.cli;

/** A failure reported as one line on stderr ({@code tributary: <message>}) and an exit code. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Transient: the server could not be reached or answered 502/503/504; a follow reconnects after it. */
    public static final class Unreachable extends CliException {
        public Unreachable(String message) {
            super(ExitCode.UNAVAILABLE, message);
        }
    }
}
