package io.keepsync.backup;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.backup.catalog.BackupConfig;
import io.keepsync.backup.upload.StreamedBody;
import io.keepsync.backup.upload.UploadReceiver;
import io.keepsync.common.http.ContentLength;
import io.keepsync.common.http.RequestBodies;
import io.keepsync.common.http.RouteOrder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The upload endpoints' bodies, before anything else sees them: one that declares more than a snapshot may be (plus
 * the envelope of a multipart form) is refused with 413 before it is read or authenticated; the others are marked as
 * streamed, so that the upload receiver reads them to disk instead of the HTTP layer into memory. {@link #body} hands
 * the receiver such a body without the request around it.
 */
@ApplicationScoped
public class UploadRoutes {

    /** The upload endpoints of the API (the console adds its own through {@link #check}). */
    static final String V1_PATH = "/api/v1/backups";
    static final String LEGACY_PATH = "/api/backup";

    @Inject
    BackupConfig config;

    void install(@Observes Router router) {
        router.post(V1_PATH).order(RouteOrder.STREAMED_BODIES).handler(this::check);
        router.post(LEGACY_PATH).order(RouteOrder.STREAMED_BODIES).handler(this::check);
    }

    /**
     * The route handler of an upload endpoint. A body still unread when the answer goes (a 401, a 415, an upload
     * refused before it started) is drained behind it; a client that waits for {@code 100 Continue} is told that the
     * connection ends instead, since it will not send the body.
     */
    public void check(RoutingContext context) {
        RequestBodies.streamed(context);
        HttpServerRequest request = context.request();
        context.addHeadersEndHandler(ignored -> {
            if (!request.isEnded() && RequestBodies.expectsContinue(request)) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        });
        context.addEndHandler(ended -> {
            // Only after an answer: a connection that closed is the reception's to notice, not the drain's.
            if (ended.succeeded()) {
                RequestBodies.drain(request);
            }
        });
        long limit = limit(isMultipart(context.request().getHeader(HttpHeaders.CONTENT_TYPE)));
        long declared = ContentLength.parse(context.request().getHeader(HttpHeaders.CONTENT_LENGTH)).orElse(-1);
        if (declared > limit) {
            RequestBodies.refuse(context, UploadReceiver.tooLarge(config.maxSize().asLongValue()), declared);
            return;
        }
        context.next();
    }

    private long limit(boolean multipart) {
        return config.maxSize().asLongValue() + (multipart ? UploadReceiver.MULTIPART_ENVELOPE : 0);
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** The request's body as the upload receiver reads it, paused until it does. */
    public static StreamedBody body(HttpServerRequest request) {
        request.pause();
        return new StreamedBody() {
            @Override
            public ReadStream<Buffer> stream() {
                return request;
            }

            @Override
            public String contentType() {
                return request.getHeader(HttpHeaders.CONTENT_TYPE);
            }

            @Override
            public boolean clientGone() {
                return request.response().closed();
            }

            @Override
            public void accept() {
                if (request.version() != HttpVersion.HTTP_1_0 && RequestBodies.expectsContinue(request)) {
                    request.response().writeContinue();
                }
            }

            @Override
            public void discard() {
                RequestBodies.drain(request);
            }
        };
    }
}
