package io.keepsync.common.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Cross-origin access for browser pages and Electron renderers, off unless {@code keepsync.cors.origins} names
 * origins. Preflights are answered here, before authentication, since browsers send them without credentials; the
 * API's bearer tokens travel in a header, so no cookies are allowed across origins.
 */
@ApplicationScoped
public class Cors {

    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Client-Id, X-Backup-Label, Content-Digest, "
            + "X-Content-SHA256, Range, If-None-Match, If-Range, If-Match, If-Modified-Since, If-Unmodified-Since";
    static final String EXPOSED_HEADERS = "ETag, Location, Content-Disposition, Retry-After, Content-Range, "
            + "Content-Length, Repr-Digest, X-Correlation-Id";

    @Inject
    CorsConfig config;

    void install(@Observes Router router) {
        List<String> origins = config.origins().orElse(List.of());
        if (!origins.isEmpty()) {
            router.route().order(RouteOrder.CORS).handler(context -> handle(context, origins));
        }
    }

    private static void handle(RoutingContext context, List<String> origins) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader("Origin");
        boolean any = origins.contains("*");
        if (origin == null || !any && !origins.contains(origin)) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        response.putHeader("Access-Control-Allow-Origin", any ? "*" : origin);
        if (!any) {
            response.putHeader("Vary", "Origin");
        }
        if (request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null) {
            response.putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204).end();
            return;
        }
        response.putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        context.next();
    }
}
