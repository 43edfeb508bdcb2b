package io.keepsync.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.auth.CredentialRoutes;
import io.keepsync.auth.WebSessions;
import io.keepsync.backup.UploadRoutes;
import io.keepsync.common.http.RouteOrder;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the console's endpoints need before their resources run: its upload streams to disk like the API's, signing
 * in, creating an account and changing the password are limited per client address like the API's login, and the endpoints that
 * answer
 * on the event loop (the upload, the password change) get their session read on a worker thread first, since the
 * database is not used from the event loop.
 */
@ApplicationScoped
public class ConsoleRoutes {

    @Inject
    UploadRoutes uploads;

    @Inject
    CredentialRoutes credentials;

    @Inject
    WebSessions sessions;

    void install(@Observes Router router) {
        router.post(BackupsPage.UPLOAD_PATH).order(RouteOrder.STREAMED_BODIES).handler(uploads::check);
        router.post(SignIn.PATH).order(RouteOrder.RATE_LIMITS).handler(credentials::limit);
        router.post(SignIn.SIGN_UP_PATH).order(RouteOrder.RATE_LIMITS).handler(credentials::limit);
        router.post(AccountPages.PASSWORD_PATH).order(RouteOrder.RATE_LIMITS).handler(credentials::limit);
        router.post(BackupsPage.UPLOAD_PATH).order(RouteOrder.LOOKUPS).handler(this::lookUpSession);
        router.post(AccountPages.PASSWORD_PATH).order(RouteOrder.LOOKUPS).handler(this::lookUpSession);
    }

    /** Reads the session on a worker thread and leaves it for the resource; the body waits, paused, for its reader. */
    void lookUpSession(RoutingContext context) {
        String secret = ConsoleSession.secret(context);
        context.request().pause();
        context.vertx().executeBlocking(() -> sessions.find(secret), false).onComplete(found -> {
            if (found.succeeded()) {
                ConsoleSession.lookedUp(context, found.result());
                context.next();
            } else {
                context.fail(found.cause());
            }
        });
    }
}
