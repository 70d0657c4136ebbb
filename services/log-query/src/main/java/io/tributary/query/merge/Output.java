package io.tributary.query.merge;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.node.RawEntry;
import java.util.List;

/**
 * Where a running query's results go (an HTTP response in some format, a gRPC stream). Called on the query's
 * thread only. Implementations buffer encoded bytes and write them in chunks; {@link #writable()} is the flow
 * control: while it is false the query stops pulling from readers.
 */
public interface Output {

    /** One entry; cursor is positioned just past it. */
    void entry(RawEntry e, CursorState cursor);

    /** A node failed; the query goes on with the others. */
    void failure(NodeFailure f);

    /** Entries of a node may be missing here (vacuumed). */
    void gap(String node, String reason);

    /** Following and idle: the merged stream has passed watermark; cursor resumes after everything sent. */
    void idle(long watermarkUsec, CursorState cursor);

    /** Writes what is buffered. */
    void flush();

    /** False while the client is not taking what was written (the query must stop pulling). */
    boolean writable();

    /** Calls r once when the client can take more. */
    void onWritable(Runnable r);

    /** Calls r once if the client goes away before {@link #finish}. */
    void onClosed(Runnable r);

    /**
     * Ends the response. failures: every node that failed; closeReason: non-null when log-query cut the client off
     * (too slow), and then cursor resumes exactly after the last entry sent.
     */
    void finish(List<NodeFailure> failures, CursorState cursor, String closeReason);

    /** Ends the response because the query could not start or broke (before anything was written when possible). */
    void fail(Throwable error);
}
