package io.tributary.query.encode;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.node.RawEntry;
import java.util.List;

/**
 * Server-sent events: per entry {@code id: <composite cursor>} and {@code data: <the NDJSON object>}; a failed node
 * at once as {@code event: error}; keep-alive comments {@code : ping}; a client cut off for slowness gets
 * {@code event: close} whose id and data carry the cursor to resume with (Last-Event-ID).
 */
public final class SseFormat implements Format {

    private final JsonFormat json = new JsonFormat("application/json");

    @Override
    public String contentType() {
        return "text/event-stream";
    }

    @Override
    public void entry(RawEntry e, CursorState cursor, Out out) {
        String c = cursor.encode();
        out.ascii("id: ").ascii(c).ascii("\ndata: ");
        json.object(e, c, out);
        out.ascii("\n\n");
    }

    @Override
    public void failure(NodeFailure f, Out out) {
        out.ascii("event: error\ndata: ");
        Format.failureJson(f, out);
        out.ascii("\n\n");
    }

    @Override
    public void gap(String node, String reason, Out out) {
        out.ascii("event: gap\ndata: {\"node_id\":").jsonString(node).ascii(",\"reason\":").jsonString(reason).ascii("}\n\n");
    }

    @Override
    public void keepAlive(Out out) {
        out.ascii(": ping\n\n");
    }

    @Override
    public void end(List<NodeFailure> failures, String cursor, String closeReason, Out out) {
        if (closeReason != null) {
            out.ascii("event: close\nid: ").ascii(cursor).ascii("\ndata: ");
            Format.trailerJson(failures, cursor, closeReason, out);
            out.ascii("\n\n");
        }
    }
}
