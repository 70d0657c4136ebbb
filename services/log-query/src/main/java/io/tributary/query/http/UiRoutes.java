package io.tributary.query.http;

import io.tributary.query.config.QueryConfig;
import io.tributary.query.http.ui.UiConfigRoute;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;

/**
 * The browser UI is static files (META-INF/resources/ui, served by Quarkus); this adds the redirect
 * {@code /ui → /ui/} (relative module paths need the slash) and a strict Content-Security-Policy: the page loads
 * only its own scripts and talks only to this origin (and, with {@code tributary.query.ui.oidc}, to the provider's
 * origin, where it exchanges the sign-in's code for a token), so a log line can never run as code.
 */
@ApplicationScoped
public class UiRoutes {

    static final String CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    @Inject
    QueryConfig config;

    /** The policy: with OIDC sign-in, fetch() may also reach the issuer's origin (its token endpoint). */
    static String csp(QueryConfig.Ui ui) {
        return UiConfigRoute.configured(ui.oidc()).map(o -> CSP + "; connect-src 'self' " + origin(o.issuer().get())).orElse(CSP);
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    void routes(@Observes Router router) {
        String csp = csp(config.ui());
        // Vert.x matches "/ui" for "/ui/" too: only the bare path is redirected
        router.route(HttpMethod.GET, "/ui").order(-100).handler(rc -> {
            if (rc.request().path().equals("/ui")) {
                rc.redirect("/ui/");
            } else {
                rc.next();
            }
        });
        router.route("/ui/*").order(-100).handler(rc -> {
            rc.response().putHeader("Content-Security-Policy", csp).putHeader("X-Content-Type-Options", "nosniff");
            rc.next();
        });
    }
}
