package ai.fastmath.api.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The browser playground is static files under {@code META-INF/resources/playground/}; the service's
 * root and {@code /playground} lead there (the trailing slash matters: the page loads its scripts
 * by relative paths).
 */
@ApplicationScoped
public class PlaygroundRoutes {

    static final String PAGE = "/playground/";

    void routes(@Observes Router router) {
        router.get("/").handler(rc -> rc.redirect(PAGE));
        // Vert.x lets "/playground" match "/playground/" as well: that one is the page itself
        router.get("/playground").handler(rc -> {
            if (rc.request().path().endsWith("/")) {
                rc.next();
            } else {
                rc.redirect(PAGE);
            }
        });
    }
}
