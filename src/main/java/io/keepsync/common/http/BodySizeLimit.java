package io.keepsync.common.http;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.Problems;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses JSON requests whose declared length is over {@code keepsync.http.max-json-body} before anything reads
 * them, with a problem answer. The server-wide HTTP limit is set far higher because backup uploads stream
 * gigabytes to disk under their own limit; bodies without a declared length are bounded where they are read.
 */
@ApplicationScoped
public class BodySizeLimit {

    /**
     * The upload paths, whose bodies are streamed to disk and checked against their own limit (the console's upload
     * too). Only these exact paths: their sub-paths take small bodies that are read into memory.
     */
    private static final Set<String> STREAMED = Set.of("/api/backup", "/api/v1/backups", "/backups");

    private static final long DRAIN_AT_MOST = 256L * 1024 * 1024;

    @Inject
    HttpConfig config;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(this::check);
    }

    private void check(RoutingContext context) {
        long declared = ContentLength.parse(context.request().getHeader("Content-Length")).orElse(-1);
        if (declared > maxJsonBytes() && !isStreamed(context.normalizedPath())) {
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
        ProblemException tooLarge = tooLarge();
        if (declared > DRAIN_AT_MOST) {
            context.response().putHeader("Connection", "close");
            Problems.send(context, tooLarge);
            return;
        }
        context.request().handler(ignored -> {
        }).endHandler(ignored -> Problems.send(context, tooLarge));
        context.request().resume();
    }

    private static boolean isStreamed(String path) {
        return STREAMED.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    public long maxJsonBytes() {
        return config.maxJsonBody().asLongValue();
    }

    /** The refusal of a JSON body over the limit, wherever it is noticed. */
    public ProblemException tooLarge() {
        return ProblemException.tooLarge("The request body is larger than " + maxJsonBytes() + " bytes");
    }
}
