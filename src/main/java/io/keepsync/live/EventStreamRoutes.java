package io.keepsync.live;

import java.util.HashMap;
import java.util.List;
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
import io.keepsync.auth.Caller;
import io.keepsync.auth.Roles;
import io.keepsync.auth.WebSessions;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.keepsync.common.error.Problems;
import io.keepsync.common.http.Draining;
import io.keepsync.common.http.RouteOrder;
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
 * META-INF/openapi.yaml), and {@code GET /console/events}, the same for the web console's signed-in page. It is a plain
 * Vert.x route rather than a REST resource: an open stream is then the connection and a small {@link StreamResponse}, where a
 * reactive SSE resource kept a request context, a security identity and a chain of context-propagating operators alive
 * per stream, several times the memory, and 10,000 streams did not fit a 128 MiB heap. No stream holds a thread or a
 * database connection; one timer beats for all of them. A user holds at most {@code keepsync.live.max-streams-per-user}
 * on one instance, and a stream ends as soon as its credential is revoked on any instance.
 */
@ApplicationScoped
public class EventStreamRoutes {

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

    /** The open streams of each user on this instance. */
    private final Map<UUID, Set<StreamResponse>> open = new ConcurrentHashMap<>();
    private long heartbeat = -1;

    void install(@Observes Router router) {
        router.get(PATH).order(RouteOrder.ENDPOINTS).handler(this::openForBearer);
        router.get(CONSOLE_PATH).order(RouteOrder.ENDPOINTS).handler(this::openForSession);
    }

    void onStart(@Observes StartupEvent event) {
        registry.gauge("keepsync.live.streams", open, streams -> streams.values().stream().mapToInt(Set::size).sum());
        heartbeat = vertx.setPeriodic(config.heartbeat().toMillis(), id -> vertx.executeBlocking(() -> {
            beat();
            return null;
        }, false));
        draining.whenDraining(() -> all().forEach(this::end));
        events.onRevoked(this::recheck);
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
        open(context, new StreamResponse.Credential(false, header.substring(BEARER.length()).trim()));
    }

    private void openForSession(RoutingContext context) {
        Cookie cookie = context.request().getCookie(WebSessions.COOKIE);
        if (cookie == null) {
            refuse(context);
            return;
        }
        open(context, new StreamResponse.Credential(true, cookie.getValue()));
    }

    private void open(RoutingContext context, StreamResponse.Credential credential) {
        String clientId;
        try {
            // Compared with the clientId of pushes, so decoded as strictly as they are.
            clientId = StrictQuery.param(context.request().query(), "clientId");
        } catch (ProblemException e) {
            Problems.send(context, e);
            return;
        }
        vertx.executeBlocking(() -> callerOf(credential), false).onComplete(checked -> {
            if (checked.failed()) {
                // The credential is checked against the database; like every other endpoint, answer 503 when it fails.
                Log.errorf(checked.cause(), "Live events: the credential of a new stream could not be checked");
                Problems.send(context, ProblemException.retrySoon(ProblemType.DATABASE_UNAVAILABLE,
                        "The database is unavailable; retry later"));
            } else if (checked.result().isEmpty()) {
                refuse(context);
            } else if (!checked.result().get().may(Roles.SYNC)) {
                Problems.send(context, new ProblemException(ProblemType.INSUFFICIENT_SCOPE,
                        "Live events need the sync scope; this API key does not have it"));
            } else {
                start(context, checked.result().get().userId(), credential, clientId);
            }
        });
    }

    private static void refuse(RoutingContext context) {
        ProblemException problem = ProblemException.unauthorized();
        context.response().putHeader("WWW-Authenticate", "Bearer");
        Problems.send(context, problem);
    }

    private void start(RoutingContext context, UUID userId, StreamResponse.Credential credential, String clientId) {
        HttpServerResponse response = context.response();
        if (response.closed()) {
            return;
        }
        StreamResponse stream = new StreamResponse(userId, credential, clientId, response);
        if (!admit(stream)) {
            Problems.send(context, ProblemException.retrySoon(ProblemType.TOO_MANY_STREAMS, "At most "
                    + config.maxStreamsPerUser() + " event streams of one account may be open at once; close one first"));
            return;
        }
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // nginx and similar proxies would otherwise buffer the stream.
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(closed -> forget(stream));
        response.exceptionHandler(failure -> forget(stream));
        events.subscribe(userId, stream);
        // The first comment goes out at once, and the headers with it.
        stream.write(CONNECTED);
    }

    /** Counts the stream among its user's, unless that user already holds as many as allowed. */
    private boolean admit(StreamResponse stream) {
        boolean[] admitted = { false };
        open.compute(stream.userId, (user, streams) -> {
            Set<StreamResponse> mine = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            if (mine.size() < config.maxStreamsPerUser()) {
                mine.add(stream);
                admitted[0] = true;
            }
            return mine.isEmpty() ? null : mine;
        });
        return admitted[0];
    }

    private void end(StreamResponse stream) {
        forget(stream);
        stream.end();
    }

    private void forget(StreamResponse stream) {
        boolean[] removed = { false };
        open.computeIfPresent(stream.userId, (user, streams) -> {
            removed[0] = streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
        if (removed[0]) {
            events.unsubscribe(stream.userId, stream);
        }
    }

    private List<StreamResponse> all() {
        return open.values().stream().flatMap(Set::stream).toList();
    }

    /**
     * Some of the user's credentials were revoked somewhere: their streams stop receiving at once (this runs before
     * any later event is handed out) and are checked again; those whose credential no longer works end.
     */
    private void recheck(UUID userId) {
        List<StreamResponse> streams = List.copyOf(open.getOrDefault(userId, Set.of()));
        streams.forEach(StreamResponse::suspend);
        if (!streams.isEmpty()) {
            vertx.executeBlocking(() -> {
                check(streams, false);
                return null;
            }, false);
        }
    }

    /**
     * A comment on every stream, after its credential is checked again (once per distinct credential): an expired
     * token, a revoked key or a deleted account ends the stream.
     */
    void beat() {
        check(all(), true);
    }

    private void check(List<StreamResponse> streams, boolean keepAlive) {
        Map<StreamResponse.Credential, Optional<Caller>> checked = new HashMap<>();
        for (StreamResponse stream : streams) {
            Optional<Caller> caller = checked.computeIfAbsent(stream.credential, this::callerOfQuietly);
            if (caller == null) {
                continue;
            }
            if (caller.filter(c -> c.userId().equals(stream.userId) && c.may(Roles.SYNC)).isPresent()) {
                stream.resume();
                if (keepAlive) {
                    stream.write(KEEP_ALIVE);
                }
            } else {
                end(stream);
            }
        }
    }

    /** The caller of a credential; null when the database could not say (the stream stays as it is until next time). */
    private Optional<Caller> callerOfQuietly(StreamResponse.Credential credential) {
        try {
            return callerOf(credential);
        } catch (RuntimeException e) {
            Log.warnf("Live events: a stream's credential could not be checked (%s)", e.getMessage());
            return null;
        }
    }

    private Optional<Caller> callerOf(StreamResponse.Credential credential) {
        return credential.session() ? sessions.callerOf(credential.secret()) : identities.callerOf(credential.secret());
    }
}
