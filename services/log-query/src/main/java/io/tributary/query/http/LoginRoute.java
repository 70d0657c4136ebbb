package io.tributary.query.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.tributary.proto.auth.v1.LoginRequest;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.encode.Out;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * {@code POST /acs/api/v1/auth/login} forwarded to auth's gRPC {@code Login}, answering as auth's own HTTP endpoint
 * does: {@code {"uid","password"}} or {@code {"uid","token"}} → 200 {@code {"token","expires_at"}} (seconds);
 * a refused login 401, a malformed body 400, a body that is not JSON 415, auth unreachable 503 — errors as
 * {@code {"error": "<gRPC code, lower case>", "detail": ...}} like auth's. Open: logging in needs no token.
 */
@ApplicationScoped
public class LoginRoute {

    static final String PATH = "/acs/api/v1/auth/login";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Authorizer authorizer;

    @Inject
    Vertx vertx;

    void routes(@Observes Router router) {
        router.route(HttpMethod.POST, PATH).handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::login);
    }

    private void login(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        String type = rc.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(response, 415, "unsupported_media_type", "send Content-Type: application/json");
            return;
        }
        LoginRequest request;
        try {
            JsonNode body = JSON.readTree(rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
            if (body == null || body.isMissingNode() || body.isNull()) {
                error(response, 400, "bad_request", "send a JSON body {\"uid\": ..., \"password\": ...} or {\"uid\": ..., \"token\": ...}");
                return;
            }
            if (!body.isObject()) {
                error(response, 400, "bad_request", "unexpected JSON: expected an object {\"uid\": ..., ...}");
                return;
            }
            LoginRequest.Builder b = LoginRequest.newBuilder();
            b.setUid(text(body, "uid")).setPassword(text(body, "password")).setToken(text(body, "token"));
            request = b.build();
        } catch (JacksonException e) {
            error(response, 400, "bad_request", "malformed JSON: " + e.getOriginalMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(response, 400, "bad_request", "unexpected JSON: " + e.getMessage());
            return;
        } catch (java.io.IOException e) {
            error(response, 400, "bad_request", "unreadable body: " + e.getMessage());
            return;
        }
        Context ctx = vertx.getOrCreateContext();
        authorizer.login(request).whenComplete((r, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                Status s = Status.fromThrowable(err);
                int http = switch (s.getCode()) {
                    case UNAUTHENTICATED -> 401;
                    case PERMISSION_DENIED -> 403;
                    case INVALID_ARGUMENT -> 400;
                    case UNAVAILABLE, DEADLINE_EXCEEDED -> 503;
                    default -> 400;
                };
                String code = http == 503 ? "unavailable" : s.getCode().name().toLowerCase(Locale.ROOT);
                String detail = s.getDescription() == null ? s.getCode().name() : s.getDescription();
                error(response, http, code, http == 503 ? "auth: " + detail : detail);
                return;
            }
            Out o = new Out(r.getToken().length() + 64);
            o.ascii("{\"token\":").jsonString(r.getToken()).ascii(",\"expires_at\":")
                    .decimal(r.getExpiresAtUsec() / 1_000_000).b('}');
            response.setStatusCode(200).putHeader("Content-Type", "application/json").end(Buffer.buffer(o.toArray()));
        }));
    }

    /** A string member (numbers and booleans as their text, as Jackson binds them to String), "" when absent. */
    private static String text(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isContainerNode()) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return v.asText();
    }

    private static void error(HttpServerResponse response, int status, String error, String detail) {
        Out o = new Out(128);
        o.ascii("{\"error\":").jsonString(error).ascii(",\"detail\":").jsonString(detail).b('}');
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(o.toArray()));
    }
}
