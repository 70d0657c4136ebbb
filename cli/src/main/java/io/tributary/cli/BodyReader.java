package io.tributary.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one response body of a log query, writes its entries out, and remembers where to resume: the cursor of
 * the last entry written (or the resume cursor the server gave when it closed the stream).
 */
abstract class BodyReader {

    /** Resume point: after this cursor. */
    String cursor;
    /** The server ended the stream on purpose (shutdown, stall) with a resume cursor. */
    boolean closedByServer;
    /** A node failed: the output is incomplete. */
    boolean partial;
    /** Entries written so far, over every response. */
    long written;

    abstract String accept();

    /** Reads until the end of the body; IOException when the connection breaks. */
    abstract void read(InputStream body) throws IOException;
}
