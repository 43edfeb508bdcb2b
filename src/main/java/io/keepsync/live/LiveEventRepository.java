package io.keepsync.live;

import java.sql.PreparedStatement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/** Sends live events through PostgreSQL: a {@code NOTIFY} goes out when the transaction it is sent in commits. */
@ApplicationScoped
public class LiveEventRepository {

    @Inject
    EntityManager em;

    /** Joins the caller's transaction, so the event goes out only if what it announces is committed. */
    @Transactional
    public void notify(String channel, String payload) {
        // On the session's connection, as a push's statements are: every push sends one (docs/performance.md).
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                statement.setString(1, channel);
                statement.setString(2, payload);
                statement.execute();
            }
        });
    }
}
