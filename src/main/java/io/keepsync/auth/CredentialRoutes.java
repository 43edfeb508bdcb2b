package io.keepsync.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.common.http.RequestBodies;
import io.keepsync.common.http.RouteOrder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the account endpoints need before their resources run: the per-address limit on those that take passwords and
 * refresh tokens, small bodies for all of them, and {@code Cache-Control: no-store} on every answer that may carry a
 * token, a key or a session, so that no cache along the way keeps one.
 */
@ApplicationScoped
public class CredentialRoutes {

    static final String AUTH = "/api/v1/auth/";
    static final String PASSWORD = "/api/v1/me/password";

    @Inject
    AddressRateLimit rateLimit;

    void install(@Observes Router router) {
        for (String path : new String[] { AUTH + "register", AUTH + "login", AUTH + "refresh", PASSWORD }) {
            router.post(path).order(RouteOrder.RATE_LIMITS).handler(rateLimit::limit);
        }
        router.route(AUTH + "*").order(RouteOrder.RESPONSE_HEADERS).handler(CredentialRoutes::credentials);
        router.route("/api/v1/me/*").order(RouteOrder.RESPONSE_HEADERS).handler(CredentialRoutes::credentials);
        router.route("/api/v1/api-keys*").order(RouteOrder.RESPONSE_HEADERS).handler(CredentialRoutes::noStore);
    }

    private static void credentials(RoutingContext context) {
        RequestBodies.small(context);
        noStore(context);
    }

    private static void noStore(RoutingContext context) {
        context.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        context.next();
    }
}
