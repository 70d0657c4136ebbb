package io.tributary.query.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The browser UI is static files (META-INF/resources/ui, served by Quarkus); this adds the redirect
 * {@code /ui → /ui/} (relative module paths need the slash) and a strict Content-Security-Policy: the page loads
 * only its own scripts and talks only to this origin, so a log line can never run as code.
 */
@ApplicationScoped
public class UiRoutes {

    static final String CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    void routes(@Observes Router router) {
        // Vert.x matches "/ui" for "/ui/" too: only the bare path is redirected
        router.route(HttpMethod.GET, "/ui").order(-100).handler(rc -> {
            if (rc.request().path().equals("/ui")) {
                rc.redirect("/ui/");
            } else {
                rc.next();
            }
        });
        router.route("/ui/*").order(-100).handler(rc -> {
            rc.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff");
            rc.next();
        });
    }
}
