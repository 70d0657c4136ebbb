package io.tributary.auth.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.grpc.Status;
import io.grpc.StatusException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every HTTP error as {@code {"error": ..., "detail": ...}} with a 4xx (or 503), never a 500. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response status(StatusException e) {
        Status s = e.getStatus();
        int http = switch (s.getCode()) {
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case INVALID_ARGUMENT -> 400;
            case UNAVAILABLE -> 503;
            default -> 400;
        };
        return json(http, s.getCode().name().toLowerCase(), s.getDescription());
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequest e) {
        return json(400, "bad_request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JacksonException e) {
        return json(400, "bad_request", "malformed JSON: " + e.getOriginalMessage());
    }

    /** More specific than Quarkus' built-in mapper, which answers 400 without a body. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(400, "bad_request", "unexpected JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JacksonException j) {
            return unreadable(j);
        }
        return json(code >= 500 ? 503 : code, Response.Status.fromStatusCode(code) == null ? "error"
                : Response.Status.fromStatusCode(code).name().toLowerCase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.warn("request failed unexpectedly", e);
        return json(503, "unavailable", "auth could not handle the request: " + e.getClass().getSimpleName());
    }

    private static Response json(int status, String error, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail == null ? "" : detail);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
