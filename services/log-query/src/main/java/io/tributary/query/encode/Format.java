package io.tributary.query.encode;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.node.RawEntry;
import java.util.List;

/** One response format: how entries, failures, keep-alives and the end are written as bytes. */
public interface Format {

    String contentType();

    void entry(RawEntry e, CursorState cursor, Out out);

    /** A node failed, written at once (SSE); formats that report at the end write nothing here. */
    default void failure(NodeFailure f, Out out) {
    }

    default void gap(String node, String reason, Out out) {
    }

    /** Something that keeps an idle stream open through proxies (nothing when the format has no such thing). */
    default void keepAlive(Out out) {
    }

    /**
     * The end: with failures or a close reason, the trailer naming them and the cursor that resumes after the last
     * entry written.
     */
    void end(List<NodeFailure> failures, String cursor, String closeReason, Out out);

    /** The JSON object of a failure: {"node_id","endpoint","code","message"}. */
    static void failureJson(NodeFailure f, Out out) {
        out.ascii("{\"node_id\":").jsonString(f.nodeId()).ascii(",\"endpoint\":").jsonString(f.endpoint())
                .ascii(",\"code\":").jsonString(f.code()).ascii(",\"message\":").jsonString(f.message()).b('}');
    }

    /** {"complete":false,"failures":[...],"closed":...,"cursor":...}. */
    static void trailerJson(List<NodeFailure> failures, String cursor, String closeReason, Out out) {
        out.ascii("{\"complete\":false,\"failures\":[");
        for (int i = 0; i < failures.size(); i++) {
            if (i > 0) {
                out.b(',');
            }
            failureJson(failures.get(i), out);
        }
        out.ascii("],\"closed\":");
        if (closeReason == null) {
            out.ascii("null");
        } else {
            out.jsonString(closeReason);
        }
        out.ascii(",\"cursor\":").jsonString(cursor).b('}');
    }
}
