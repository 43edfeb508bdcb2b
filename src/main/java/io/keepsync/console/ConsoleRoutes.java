package io.keepsync.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.auth.AddressRateLimit;
import io.keepsync.backup.upload.UploadBodies;
import io.keepsync.common.http.RouteOrder;
import io.vertx.ext.web.Router;

/**
 * What the console's endpoints need before their resources run: its upload streams to disk like the API's, and signing
 * in and changing the password are limited per client address like the API's login.
 */
@ApplicationScoped
public class ConsoleRoutes {

    @Inject
    UploadBodies uploads;

    @Inject
    AddressRateLimit rateLimit;

    void install(@Observes Router router) {
        router.post(BackupsPage.UPLOAD_PATH).order(RouteOrder.STREAMED_BODIES).handler(uploads::check);
        router.post(SignIn.PATH).order(RouteOrder.RATE_LIMITS).handler(rateLimit::limit);
        router.post(AccountPages.PASSWORD_PATH).order(RouteOrder.RATE_LIMITS).handler(rateLimit::limit);
    }
}
