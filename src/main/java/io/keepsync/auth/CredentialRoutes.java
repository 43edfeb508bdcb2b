package io.keepsync.auth;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.keepsync.common.http.ContentLength;
import io.keepsync.common.http.RequestBodies;
import io.keepsync.common.http.RouteOrder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
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
            router.post(path).order(RouteOrder.RATE_LIMITS).handler(this::limit);
        }
        router.route(AUTH + "*").order(RouteOrder.RESPONSE_HEADERS).handler(CredentialRoutes::credentials);
        router.route("/api/v1/me/*").order(RouteOrder.RESPONSE_HEADERS).handler(CredentialRoutes::credentials);
        router.route("/api/v1/api-keys*").order(RouteOrder.RESPONSE_HEADERS).handler(CredentialRoutes::noStore);
    }

    /**
     * The route handler in front of every endpoint that takes a password or a refresh token, the console's among them:
     * 429 before the body is read once the address is over its limit.
     */
    public void limit(RoutingContext context) {
        SocketAddress peer = context.request().remoteAddress();
        long wait = rateLimit.take(peer == null ? null : peer.hostAddress());
        if (wait > 0) {
            rateLimit.refused(context.normalizedPath());
            RequestBodies.refuse(context, new ProblemException(ProblemType.RATE_LIMITED,
                    "Too many requests from this address; retry in " + wait + " s",
                    Map.of("Retry-After", Long.toString(wait)), null),
                    ContentLength.parse(context.request().getHeader(HttpHeaders.CONTENT_LENGTH)).orElse(0));
            return;
        }
        context.next();
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
