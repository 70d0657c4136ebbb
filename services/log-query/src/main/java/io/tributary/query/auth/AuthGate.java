package io.tributary.query.auth;

import io.tributary.query.http.Errors;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The first handler of every HTTP request: before a route parses, plans (topology) or reads anything, the caller's
 * {@code Authorization} ({@code Bearer <jwt>} or DC/OS's {@code token=<jwt>}) must pass auth's {@code Authorize}
 * with a cluster-wide target — i.e. be a valid token carrying some logs permission. No credentials or a bad token →
 * 401 with {@code WWW-Authenticate}; no logs permission → 403; auth unreachable → 503. So an anonymous caller learns
 * nothing (not even whether a node or task exists). The route then authorizes its own target (a framework, a task's
 * app, system-only) and gets the scope it enforces.
 *
 * <p>Deny by default: every path is gated except health/metrics ({@code /q/...}), the login
 * ({@code /acs/api/v1/auth/login}), the browser UI's static files ({@code /ui/...}: no log data, the page logs in
 * and sends the token on every API call) and gRPC requests (same port; {@code LogQueryService} checks those
 * itself).
 */
@ApplicationScoped
public class AuthGate {

    /** The caller's cluster-wide scope, put into the RoutingContext by the gate. */
    public static final String SCOPE = "tributary.scope";
    static final String LOGIN_PATH = "/acs/api/v1/auth/login";

    @Inject
    Authorizer authorizer;

    @Inject
    Vertx vertx;

    void routes(@Observes Router router) {
        router.route().order(-1000).handler(this::gate);
    }

    static boolean open(String path, String contentType) {
        return path.equals("/q") || path.startsWith("/q/") || path.equals(LOGIN_PATH)
                || path.equals("/ui") || path.startsWith("/ui/")
                || (contentType != null && contentType.startsWith("application/grpc"));
    }

    private void gate(RoutingContext rc) {
        if (!authorizer.enabled() || open(rc.normalizedPath(), rc.request().getHeader("Content-Type"))) {
            rc.next();
            return;
        }
        Context ctx = vertx.getOrCreateContext();
        authorizer.admit(rc.request().getHeader("Authorization")).whenComplete((scope, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                Errors.send(rc.response(), err);
                return;
            }
            rc.put(SCOPE, scope);
            rc.next();
        }));
    }
}
