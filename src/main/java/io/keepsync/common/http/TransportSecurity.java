package io.keepsync.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Tells browsers that reached the service over HTTPS (directly, or through a trusted proxy that says so) to keep using
 * it: {@code Strict-Transport-Security} on every such answer. Over plain HTTP the header means nothing and is left out.
 */
@ApplicationScoped
public class TransportSecurity {

    static final String HSTS = "max-age=31536000";

    void install(@Observes Router router) {
        router.route().order(RouteOrder.RESPONSE_HEADERS).handler(TransportSecurity::mark);
    }

    private static void mark(RoutingContext context) {
        if ("https".equals(context.request().scheme())) {
            context.response().putHeader("Strict-Transport-Security", HSTS);
        }
        context.next();
    }
}
