package io.keepsync.sync.live;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.keepsync.auth.CredentialsRevoked;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Fan-out of live events across replicas through PostgreSQL {@code LISTEN}/{@code NOTIFY}, with no other broker. A
 * push or a stored backup sends a small notification inside its own transaction, so it goes out only on commit; each
 * instance listens on one connection of its own (not one per stream) and hands every notification to the streams of
 * that user it holds. When the listening connection is lost it reconnects and then tells every stream to pull, so a
 * notification missed meanwhile loses nothing: an event is only ever a hint to pull.
 */
@ApplicationScoped
public class LiveEvents {

    static final String CHANNEL = "keepsync_events";
    static final String APPLICATION_NAME = "keepsync-live-events";
    /** Not an event for clients: some of the user's credentials were revoked, so their streams are checked again. */
    static final String REVOKED = "revoked";

    /** A stream's way to receive: the event name, its data as JSON text, and the device that caused it. */
    public interface Listener {
        void event(String name, String data, String clientId);
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

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
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::listen, "keepsync-live-events");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, CHANNEL);
            statement.setString(2, mapper.writeValueAsString(payload));
            statement.execute();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The live event could not be sent", e);
        }
    }

    private void listen() {
        boolean connectedBefore = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, connectionProperties())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (connectedBefore) {
                    Log.info("Live events: listening again; every stream is told to pull");
                    everyone("changes", "{}");
                }
                connectedBefore = true;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(10_000);
                    if (notifications == null) {
                        try (Statement ping = connection.createStatement()) {
                            ping.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        dispatch(notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    Log.warnf("Live events: the listening connection failed (%s); reconnecting", e.getMessage());
                    pause();
                }
            }
        }
    }

    /** The listening connection's settings; its application name tells it apart in {@code pg_stat_activity}. */
    private Properties connectionProperties() {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return properties;
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

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
