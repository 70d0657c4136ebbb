package io.tributary.query.http.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.query.config.QueryConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /ui/config.json}: what the browser UI needs to offer "Sign in with &lt;name&gt;" — public, like the
 * page itself (under /ui/, so AuthGate lets it through). Without {@code tributary.query.ui.oidc}:
 * {@code {"oidc":null}}. With it: {@code {"oidc":{"name","issuer","client_id","scopes","authorization_endpoint",
 * "token_endpoint"}}}, or, when the provider's discovery document cannot be had, {@code {"oidc":{"name","issuer",
 * "error"}}} (still 200: the page shows the error and the password login keeps working).
 */
@ApplicationScoped
public class UiConfigRoute {

    static final String PATH = "/ui/config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    QueryConfig config;

    @Inject
    Vertx vertx;

    private Optional<OidcDiscovery> discovery;

    void routes(@Observes Router router) {
        discovery = configured(config.ui().oidc()).map(o -> new OidcDiscovery(o.issuer().get(), o.discoveryTimeout()));
        // after UiRoutes' headers (-100), before the static files
        router.route(HttpMethod.GET, PATH).order(-90).handler(this::serve);
    }

    private void serve(RoutingContext rc) {
        Context ctx = vertx.getOrCreateContext();
        body(configured(config.ui().oidc()), discovery).whenComplete((json, err) -> ctx.runOnContext(v -> {
            HttpServerResponse r = rc.response();
            if (r.ended() || r.closed()) {
                return;
            }
            r.putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(json);
        }));
    }

    /** The settings when OIDC sign-in is on (issuer and client id set); only one of them set fails the start. */
    public static Optional<QueryConfig.Ui.Oidc> configured(QueryConfig.Ui.Oidc oidc) {
        if (oidc.issuer().isPresent() != oidc.clientId().isPresent()) {
            throw new IllegalStateException("set both tributary.query.ui.oidc.issuer and tributary.query.ui.oidc.client-id"
                    + " (the browser UI's OIDC sign-in), or neither");
        }
        return oidc.issuer().isPresent() ? Optional.of(oidc) : Optional.empty();
    }

    /** The JSON for these settings; never fails (a discovery failure is part of the answer). */
    static CompletionStage<String> body(Optional<QueryConfig.Ui.Oidc> settings, Optional<OidcDiscovery> discovery) {
        ObjectNode root = JSON.createObjectNode();
        if (settings.isEmpty() || discovery.isEmpty()) {
            root.putNull("oidc");
            return CompletableFuture.completedFuture(root.toString());
        }
        QueryConfig.Ui.Oidc s = settings.get();
        ObjectNode oidc = root.putObject("oidc").put("name", s.name()).put("issuer", s.issuer().get());
        return discovery.get().endpoints().handle((e, err) -> {
            if (err != null) {
                Throwable c = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                oidc.put("error", "cannot reach " + s.name() + ": its discovery document failed (" + c.getMessage() + ")");
            } else {
                oidc.put("client_id", s.clientId().get()).put("scopes", s.scopes())
                        .put("authorization_endpoint", e.authorization()).put("token_endpoint", e.token());
            }
            return root.toString();
        });
    }
}
