package io.tributary.query.http;

import io.tributary.query.encode.Out;
import io.tributary.query.query.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/** The JSON error body {@code {"error": ..., "detail": ...}} for every failed request. */
public final class Errors {

    private static final Logger LOG = Logger.getLogger(Errors.class);

    private Errors() {
    }

    public static ApiException api(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof ApiException a) {
            return a;
        }
        LOG.error("unexpected failure", c);
        return new ApiException(500, "internal error", String.valueOf(c.getMessage()));
    }

    static byte[] body(ApiException a) {
        Out o = new Out(128);
        o.ascii("{\"error\":").jsonString(a.error()).ascii(",\"detail\":").jsonString(a.detail()).ascii("}\n");
        return o.toArray();
    }

    public static void send(HttpServerResponse response, Throwable t) {
        ApiException a = api(t);
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(a.status()).putHeader("Content-Type", "application/json");
        if (a.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"tributary\"");
        }
        response.end(Buffer.buffer(body(a)));
    }
}
