package io.keepsync.common.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.common.config.HttpConfig;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses JSON requests whose declared length is over {@code keepsync.http.max-json-body} before anything reads
 * them, with a problem answer. The server-wide HTTP limit is set far higher because backup uploads stream
 * gigabytes to disk under their own limit; bodies without a declared length are bounded where they are read.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Paths whose bodies are streamed to disk and checked against their own limit. */
    private static final String[] STREAMED = { "/api/backup", "/api/v1/backups" };

    private static final long DRAIN_AT_MOST = 256L * 1024 * 1024;

    @Inject
    HttpConfig config;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        long declared = declaredLength(length);
        if (declared > config.maxJsonBody().asLongValue() && !isStreamed(context.normalizedPath())) {
            refuse(context, declared);
            return;
        }
        context.next();
    }

    /**
     * Answers once the body has been read and dropped, so that a client still sending sees the answer rather than
     * a reset connection; a body far over the limit is not worth reading and gets the answer and a close at once.
     */
    private void refuse(RoutingContext context, long declared) {
        Problem problem = Problem.of("payload-too-large", "Payload too large", 413,
                "The request body is larger than " + config.maxJsonBody().asLongValue() + " bytes", context.normalizedPath());
        String body = Json.encode(problem);
        if (declared > DRAIN_AT_MOST) {
            context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close").end(body);
            return;
        }
        context.request().handler(ignored -> {
        }).endHandler(ignored -> context.response().setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE).end(body));
        context.request().resume();
    }

    private static long declaredLength(String length) {
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isStreamed(String path) {
        for (String prefix : STREAMED) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    public long maxJsonBytes() {
        return config.maxJsonBody().asLongValue();
    }
}
