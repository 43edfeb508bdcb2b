package io.keepsync.common.http;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Reads every request body on the event loop before a resource sees it, bounded while it arrives, chunked or not: a
 * client sending its body slowly (a phone on a poor uplink, or a stranger on purpose) then holds no worker thread,
 * only its connection. JSON bodies are bounded by {@code keepsync.http.max-json-body}; forms and the bodies of the
 * endpoints that take credentials by {@link #SMALL_LIMIT}. Uploads, which stream to disk under their own limit, are
 * marked by their feature's route ({@link #streamed}) and left alone here.
 */
@ApplicationScoped
public class RequestBodies {

    /** The bound of form bodies and of the bodies of credential endpoints (sign-in, refresh, password change). */
    public static final long SMALL_LIMIT = 64 * 1024;

    private static final String STREAMED = "keepsync.body.streamed";
    private static final String SMALL = "keepsync.body.small";
    private static final String FORM = "application/x-www-form-urlencoded";

    /** A refused body longer than this is not worth reading: the answer goes out and the connection closes. */
    private static final long DRAIN_AT_MOST = 256L * 1024 * 1024;

    @Inject
    HttpConfig config;

    void install(@Observes Router router) {
        router.route().order(RouteOrder.BODIES).handler(this::read);
    }

    /** Marks the request's body as one its feature streams itself (an upload), under a limit of its own. */
    public static void streamed(RoutingContext context) {
        context.put(STREAMED, Boolean.TRUE);
    }

    /** Bounds the request's body by {@link #SMALL_LIMIT}: an endpoint that takes credentials and nothing large. */
    public static void small(RoutingContext context) {
        context.put(SMALL, Boolean.TRUE);
    }

    public long maxJsonBytes() {
        return config.maxJsonBody().asLongValue();
    }

    /** The refusal of a body over a limit, wherever it is noticed. */
    public static ProblemException tooLarge(long limit) {
        return ProblemException.tooLarge("The request body is larger than " + limit + " bytes");
    }

    private void read(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (context.get(STREAMED) != null || method == HttpMethod.GET || method == HttpMethod.HEAD
                || method == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        long limit = limitOf(context);
        long declared = ContentLength.parse(context.request().getHeader(HttpHeaders.CONTENT_LENGTH)).orElse(-1);
        if (declared > limit) {
            refuse(context, tooLarge(limit), declared);
            return;
        }
        if (declared == 0 || context.request().isEnded()) {
            context.next();
            return;
        }
        receive(context, limit);
    }

    /**
     * Reads the whole body as it arrives, then hands it on as the request's body. Nothing decodes it here: each
     * resource reads its own format, strictly. One chunk past the limit, the answer is 413 and the rest is drained.
     */
    private static void receive(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                drain(request);
                Problems.send(context, tooLarge(limit));
                return;
            }
            body.appendBuffer(chunk);
        });
        // A client gone mid-body gets no answer; its connection is closed already.
        request.exceptionHandler(ignored -> refused[0] = true);
        request.endHandler(ignored -> {
            if (!refused[0]) {
                ((RoutingContextInternal) context).setBody(body);
                context.next();
            }
        });
        if (request.version() != HttpVersion.HTTP_1_0 && expectsContinue(request)) {
            context.response().writeContinue();
        }
        request.resume();
    }

    private long limitOf(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean form = type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM);
        return form || context.get(SMALL) != null ? SMALL_LIMIT : maxJsonBytes();
    }

    /**
     * Refuses a request before reading its body: the answer goes at once, so a client that reads while it sends learns
     * of it before sending the rest. A client waiting for {@code 100 Continue} never sends the body, and one that
     * declared more than is worth reading has its connection closed with the answer; any other body is drained
     * behind the answer, so that the client is not reset mid-send.
     */
    public static void refuse(RoutingContext context, ProblemException problem, long declared) {
        HttpServerRequest request = context.request();
        if (declared > DRAIN_AT_MOST || expectsContinue(request)) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        } else {
            drain(request);
        }
        Problems.send(context, problem);
    }

    /**
     * Reads and drops the rest of a body refused while it arrived, so that the client gets to read the answer; a
     * client that goes on sending past {@value #DRAIN_AT_MOST} bytes has its connection closed.
     */
    public static void drain(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        long[] drained = { 0 };
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_AT_MOST) {
                request.connection().close();
            }
        });
        request.endHandler(ignored -> {
        });
        request.exceptionHandler(ignored -> {
        });
        request.resume();
    }

    /** Whether the client waits for {@code 100 Continue} before it sends the body. */
    public static boolean expectsContinue(HttpServerRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
    }
}
