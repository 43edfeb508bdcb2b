package io.keepsync.sync.push;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.Session;

import io.keepsync.sync.ChangeStatus;
import io.keepsync.sync.SyncMutation;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * The outcomes of pushed mutation ids, read to answer a retry and written once per push in one statement. Both run on
 * the session's connection, as all of a push's statements do (docs/performance.md).
 */
@ApplicationScoped
public class MutationLogRepository implements PanacheRepositoryBase<SyncMutation, SyncMutation.Key> {

    /** A mutation id's recorded outcome. */
    public record LoggedOutcome(String mutationId, ChangeStatus status, Long version, String error) {
    }

    /** The recorded outcomes of those of these mutation ids that were pushed before, by id. */
    public Map<String, LoggedOutcome> outcomes(UUID userId, Set<String> mutationIds) {
        Map<String, LoggedOutcome> logged = new HashMap<>();
        if (mutationIds.isEmpty()) {
            return logged;
        }
        // One array parameter, not an IN list of up to a batch's worth of parameters to plan on every push.
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT mutation_id, status, version, error "
                    + "FROM sync_mutations WHERE user_id = ? AND mutation_id = ANY (?)")) {
                statement.setObject(1, userId);
                statement.setArray(2, connection.createArrayOf("text", mutationIds.toArray()));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        long version = rs.getLong(3);
                        logged.put(rs.getString(1), new LoggedOutcome(rs.getString(1),
                                ChangeStatus.valueOf(rs.getString(2)), rs.wasNull() ? null : version, rs.getString(4)));
                    }
                }
                return logged;
            }
        });
    }

    /** Records the outcome of each mutation id, so that a retry is answered without applying it again. */
    public void log(UUID userId, List<LoggedOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        int n = outcomes.size();
        String[] ids = new String[n], statuses = new String[n], versions = new String[n], errors = new String[n];
        for (int i = 0; i < n; i++) {
            LoggedOutcome outcome = outcomes.get(i);
            ids[i] = outcome.mutationId();
            statuses[i] = outcome.status().name();
            versions[i] = outcome.version() == null ? null : outcome.version().toString();
            errors[i] = outcome.error();
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO sync_mutations (user_id, mutation_id, status, version, error)
                    SELECT ?, t.id, t.status, t.version::bigint, t.error
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(id, status, version, error)""")) {
                statement.setObject(1, userId);
                int index = 2;
                for (String[] column : List.of(ids, statuses, versions, errors)) {
                    statement.setArray(index++, connection.createArrayOf("text", column));
                }
                statement.executeUpdate();
            }
        });
    }
}
