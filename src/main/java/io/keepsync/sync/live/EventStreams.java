package io.keepsync.sync.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.Readiness;

import io.keepsync.auth.BearerIdentityProvider;
import io.keepsync.auth.WebSessions;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.keepsync.common.error.Problems;
import io.keepsync.common.http.Draining;
import io.keepsync.common.http.StrictQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/sync/events}: a Server-Sent Events stream telling an online device when to pull (documented in
 * META-INF/openapi.yaml), and {@code GET /console/events}, the same for the web console's signed-in page. It is a plain Vert.x
 * route rather than a REST resource: an open stream is then the connection
 * and a small {@link Stream}, where a reactive SSE resource kept a request context, a security identity and a chain of
 * context-propagating operators alive per stream, several times the memory, and 10,000 streams did not fit a 128 MiB
 * heap. No stream holds a thread or a database connection; one timer beats for all of them.
 */
@ApplicationScoped
public class EventStreams {

    static final String PATH = "/api/v1/sync/events";
    /** The web console's stream: the same events, for the browser's session cookie instead of a bearer token. */
    static final String CONSOLE_PATH = "/console/events";
    private static final String BEARER = "Bearer ";
    private static final String CONNECTED = ": connected\n\n";
    private static final String KEEP_ALIVE = ": keep-alive\n\n";

    @Inject
    LiveEvents events;

    @Inject
    LiveConfig config;

    @Inject
    BearerIdentityProvider identities;

    @Inject
    WebSessions sessions;

    @Inject
    @Readiness
    Draining draining;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private long heartbeat = -1;

    void install(@Observes Router router) {
        router.get(PATH).order(Integer.MIN_VALUE + 200).handler(this::openForBearer);
        router.get(CONSOLE_PATH).order(Integer.MIN_VALUE + 200).handler(this::openForSession);
    }

    void onStart(@Observes StartupEvent event) {
        registry.gauge("keepsync.live.streams", open, Set::size);
        heartbeat = vertx.setPeriodic(config.heartbeat().toMillis(), id -> vertx.executeBlocking(() -> {
            beat();
            return null;
        }, false));
        draining.whenDraining(() -> open.forEach(this::end));
    }

    @PreDestroy
    void stop() {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
    }

    private void openForBearer(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(context);
            return;
        }
        open(context, new Credential(false, header.substring(BEARER.length()).trim()));
    }

    private void openForSession(RoutingContext context) {
        Cookie cookie = context.request().getCookie(WebSessions.COOKIE);
        if (cookie == null) {
            refuse(context);
            return;
        }
        open(context, new Credential(true, cookie.getValue()));
    }

    private void open(RoutingContext context, Credential credential) {
        String clientId;
        try {
            // Compared with the clientId of pushes, so decoded as strictly as they are.
            clientId = StrictQuery.param(context.request().query(), "clientId");
        } catch (ProblemException e) {
            Problems.send(context, e);
            return;
        }
        vertx.executeBlocking(() -> userOf(credential), false).onComplete(checked -> {
            if (checked.failed()) {
                // The credential is checked against the database; like every other endpoint, answer 503 when it fails.
                Log.errorf(checked.cause(), "Live events: the credential of a new stream could not be checked");
                Problems.send(context, new ProblemException(ProblemType.DATABASE_UNAVAILABLE,
                        "The database is unavailable; retry later", Map.of("Retry-After", "5"), null));
            } else if (checked.result().isEmpty()) {
                refuse(context);
            } else {
                start(context, checked.result().get(), credential, clientId);
            }
        });
    }

    private static void refuse(RoutingContext context) {
        ProblemException problem = ProblemException.unauthorized();
        context.response().putHeader("WWW-Authenticate", "Bearer");
        Problems.send(context, problem);
    }

    private void start(RoutingContext context, UUID userId, Credential credential, String clientId) {
        HttpServerResponse response = context.response();
        if (response.closed()) {
            return;
        }
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // nginx and similar proxies would otherwise buffer the stream.
                .putHeader("X-Accel-Buffering", "no");
        Stream stream = new Stream(userId, credential, clientId, response);
        response.closeHandler(closed -> forget(stream));
        response.exceptionHandler(failure -> forget(stream));
        open.add(stream);
        events.subscribe(userId, stream);
        // The first comment goes out at once, and the headers with it.
        stream.write(CONNECTED);
    }

    private void end(Stream stream) {
        forget(stream);
        stream.end();
    }

    private void forget(Stream stream) {
        if (open.remove(stream)) {
            events.unsubscribe(stream.userId, stream);
        }
    }

    /**
     * A comment on every stream, after its credential is checked again (once per distinct credential): an expired
     * token, a revoked key or a deleted account ends the stream.
     */
    void beat() {
        Map<Credential, Optional<UUID>> checked = new HashMap<>();
        for (Stream stream : open) {
            Optional<UUID> user = checked.computeIfAbsent(stream.credential, this::userOf);
            if (user.filter(stream.userId::equals).isPresent()) {
                stream.write(KEEP_ALIVE);
            } else {
                end(stream);
            }
        }
    }

    private Optional<UUID> userOf(Credential credential) {
        return credential.session() ? sessions.userOf(credential.secret()) : identities.userOf(credential.secret());
    }

    /** A bearer token (access token or API key), or the secret of a console session's cookie. */
    private record Credential(boolean session, String secret) {
    }

    /** One open stream: whom it belongs to, the credential it was opened with, and its response. */
    private static final class Stream implements LiveEvents.Listener {

        final UUID userId;
        final Credential credential;
        final String clientId;
        final HttpServerResponse response;

        Stream(UUID userId, Credential credential, String clientId, HttpServerResponse response) {
            this.userId = userId;
            this.credential = credential;
            this.clientId = clientId;
            this.response = response;
        }

        @Override
        public void event(String name, String data, String causedBy) {
            if (clientId == null || !clientId.equals(causedBy)) {
                write("event: " + name + "\ndata: " + data + "\n\n");
            }
        }

        /**
         * Writes unless the client is not reading: an event is a hint to pull, so one dropped for a stalled client
         * loses nothing, and buffering for it would.
         */
        void write(String text) {
            try {
                if (!response.closed() && !response.writeQueueFull()) {
                    response.write(text);
                }
            } catch (IllegalStateException closedMeanwhile) {
                // the client went away between the check and the write
            }
        }

        void end() {
            try {
                if (!response.closed()) {
                    response.end();
                }
            } catch (IllegalStateException closedMeanwhile) {
                // already gone
            }
        }
    }
}
