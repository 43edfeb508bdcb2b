package io.keepsync.sync.push;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.keepsync.sync.ChangeStatus;
import io.keepsync.sync.SyncMutation;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The outcomes of pushed mutation ids, read to answer a retry and written once per push in one statement. */
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
        @SuppressWarnings("unchecked")
        List<SyncMutation> found = getEntityManager().createNativeQuery(
                "SELECT * FROM sync_mutations WHERE user_id = ?1 AND mutation_id = ANY (cast(?2 AS text[]))",
                SyncMutation.class)
                .setParameter(1, userId).setParameter(2, mutationIds.toArray(String[]::new))
                .getResultList();
        for (SyncMutation mutation : found) {
            logged.put(mutation.mutationId, new LoggedOutcome(mutation.mutationId, mutation.status, mutation.version,
                    mutation.error));
        }
        return logged;
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
        getEntityManager().createNativeQuery("""
                INSERT INTO sync_mutations (user_id, mutation_id, status, version, error)
                SELECT ?1, t.id, t.status, t.version::bigint, t.error
                FROM unnest(cast(?2 AS text[]), cast(?3 AS text[]), cast(?4 AS text[]), cast(?5 AS text[]))
                     AS t(id, status, version, error)""")
                .setParameter(1, userId).setParameter(2, ids).setParameter(3, statuses).setParameter(4, versions)
                .setParameter(5, errors)
                .executeUpdate();
    }
}
