package io.tributary.query.http.compat;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.http.HttpOutput;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.merge.Output;
import io.tributary.query.node.RawEntry;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * An {@link HttpOutput} with the compat routes' status rules: the status line waits for the first bytes, so a range
 * that matched nothing ends as 204 No Content (dcos-log), and a start cursor that named no entry (the reader used
 * the nearest one) is announced in a response header.
 */
public final class CompatOutput implements Output {

    /** Set (to "true") when the cursor given named no entry and reading started at the nearest one. */
    public static final String CURSOR_NOT_FOUND = "X-Journal-Cursor-Not-Found";

    private final HttpOutput inner;
    private final HttpServerResponse response;
    private final boolean noContentWhenEmpty;
    private long entries;

    public CompatOutput(HttpOutput inner, HttpServerResponse response, boolean noContentWhenEmpty) {
        this.inner = inner;
        this.response = response;
        this.noContentWhenEmpty = noContentWhenEmpty;
    }

    @Override
    public void entry(RawEntry e, CursorState cursor) {
        entries++;
        inner.entry(e, cursor);
    }

    @Override
    public void failure(NodeFailure f) {
        inner.failure(f);
    }

    @Override
    public void gap(String node, String reason) {
        if (entries == 0 && !response.headWritten()) {
            response.putHeader(CURSOR_NOT_FOUND, "true");
        }
        inner.gap(node, reason);
    }

    @Override
    public void idle(long watermarkUsec, CursorState cursor) {
        inner.idle(watermarkUsec, cursor);
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public boolean writable() {
        return inner.writable();
    }

    @Override
    public void onWritable(Runnable r) {
        inner.onWritable(r);
    }

    @Override
    public void onClosed(Runnable r) {
        inner.onClosed(r);
    }

    @Override
    public void finish(List<NodeFailure> failures, CursorState cursor, String closeReason) {
        if (noContentWhenEmpty && entries == 0 && failures.isEmpty() && closeReason == null && !response.headWritten()
                && !response.ended() && !response.closed()) {
            noContent(response);
        }
        inner.finish(failures, cursor, closeReason);
    }

    /** Turns a response whose head is not written yet into an empty 204. */
    public static void noContent(HttpServerResponse response) {
        response.setChunked(false);
        response.headers().remove("Content-Type");
        response.setStatusCode(204);
    }

    @Override
    public void fail(Throwable error) {
        inner.fail(error);
    }
}
