package io.keepsync.live;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.keepsync.auth.CredentialsRevoked;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Fan-out of live events across replicas through PostgreSQL {@code LISTEN}/{@code NOTIFY}, with no other broker. A
 * push or a stored backup sends a small notification inside its own transaction, so it goes out only on commit; each
 * instance listens on one connection of its own (the reactive client's {@link PgSubscriber}, not one per stream) and
 * hands every notification to the streams of that user it holds. When the listening connection is lost the
 * subscriber reconnects and every stream is then told to pull, so a notification missed meanwhile loses nothing: an
 * event is only ever a hint to pull.
 */
@ApplicationScoped
public class LiveEvents {

    static final String CHANNEL = "keepsync_events";
    static final String APPLICATION_NAME = "keepsync-live-events";
    /** Not an event for clients: some of the user's credentials were revoked, so their streams are checked again. */
    static final String REVOKED = "revoked";
    private static final long RECONNECT_DELAY_MILLIS = 1000;

    /** A stream's way to receive: the event name, its data as JSON text, and the device that caused it. */
    public interface Listener {
        void event(String name, String data, String clientId);
    }

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper mapper;

    @Inject
    LiveEventRepository repository;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final Map<UUID, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private volatile Consumer<UUID> onRevoked = user -> {
    };
    private volatile boolean running = true;
    private volatile boolean listenedBefore;
    private PgSubscriber subscriber;

    void onStart(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, connectOptions())
                .reconnectPolicy(retries -> running ? RECONNECT_DELAY_MILLIS : -1L);
        subscriber.channel(CHANNEL).subscribeHandler(v -> listening()).handler(this::dispatch);
        connect();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (subscriber != null) {
            subscriber.close();
        }
    }

    public void subscribe(UUID userId, Listener listener) {
        listeners.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    public void unsubscribe(UUID userId, Listener listener) {
        listeners.computeIfPresent(userId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Hands every revocation of a user's credentials, on any instance, to the handler, in order with the events: it
     * runs before any event sent after the revocation reaches a stream.
     */
    public void onRevoked(Consumer<UUID> handler) {
        onRevoked = handler;
    }

    /** A key revoked, a session ended, a password changed: every instance checks that user's streams again. */
    void credentialsRevoked(@Observes CredentialsRevoked event) {
        publish(event.userId(), REVOKED, Map.of(), null);
    }

    /** Streams subscribed on this instance. */
    public int streams() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Sends an event to every stream of the user on every instance once the current transaction commits; outside a
     * transaction at once.
     */
    public void publish(UUID userId, String name, Object data, String clientId) {
        ObjectNode payload = mapper.createObjectNode().put("u", userId.toString()).put("e", name).put("k", clientId);
        payload.set("d", mapper.valueToTree(data));
        try {
            repository.notify(CHANNEL, mapper.writeValueAsString(payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The live event could not be sent", e);
        }
    }

    /** The first connection may fail (the database not up yet): it is tried again until it succeeds. */
    private void connect() {
        subscriber.connect().onFailure(e -> {
            if (running) {
                Log.warnf("Live events: could not listen (%s); trying again", e.getMessage());
                vertx.setTimer(RECONNECT_DELAY_MILLIS, id -> connect());
            }
        });
    }

    /** Runs each time the channel is subscribed: after a reconnection, streams may have missed events. */
    private void listening() {
        if (listenedBefore) {
            Log.info("Live events: listening again; every stream is told to pull");
            everyone("changes", "{}");
        }
        listenedBefore = true;
    }

    /**
     * The listening connection's settings, from the JDBC URL the service runs on; its application name tells it apart
     * in {@code pg_stat_activity}.
     */
    private PgConnectOptions connectOptions() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        PgConnectOptions options = new PgConnectOptions().setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : PgConnectOptions.DEFAULT_PORT)
                .setDatabase(uri.getPath() == null || uri.getPath().length() <= 1 ? PgConnectOptions.DEFAULT_DATABASE
                        : uri.getPath().substring(1))
                .setTcpKeepAlive(true).setProperties(Map.of("application_name", APPLICATION_NAME));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        sslMode(uri.getRawQuery()).ifPresent(options::setSslMode);
        return options;
    }

    private static Optional<SslMode> sslMode(String query) {
        if (query == null) {
            return Optional.empty();
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("sslmode=")) {
                return Optional.of(SslMode.of(parameter.substring("sslmode=".length())));
            }
        }
        return Optional.empty();
    }

    private void dispatch(String payload) {
        try {
            JsonNode event = mapper.readTree(payload);
            UUID user = UUID.fromString(event.path("u").asText());
            if (REVOKED.equals(event.path("e").asText())) {
                onRevoked.accept(user);
                return;
            }
            Set<Listener> streams = listeners.get(user);
            if (streams != null) {
                String data = mapper.writeValueAsString(event.path("d"));
                String clientId = event.path("k").isNull() ? null : event.path("k").asText(null);
                for (Listener listener : streams) {
                    listener.event(event.path("e").asText(), data, clientId);
                }
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            Log.warnf("Live events: ignored a notification that is not one of ours: %s", payload);
        }
    }

    private void everyone(String name, String data) {
        for (Set<Listener> streams : listeners.values()) {
            for (Listener listener : streams) {
                listener.event(name, data, null);
            }
        }
    }
}
