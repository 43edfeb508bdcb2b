package io.keepsync.sync.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.keepsync.sync.SyncCursor;
import io.keepsync.sync.SyncHead;
import io.keepsync.sync.SyncRecord;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** What the status shows of the synced records: the head cursor and the live and deleted records per type. */
@ApplicationScoped
public class StatusRepository implements PanacheRepositoryBase<SyncRecord, SyncRecord.Key> {

    /** The head's cursor; the start for a user who never pushed. */
    public SyncCursor headCursor(UUID userId) {
        return SyncHead.<SyncHead> findByIdOptional(userId).map(SyncHead::cursor).orElse(new SyncCursor(1, 0));
    }

    /** Live records and tombstones per entity type, in type order. */
    public Map<String, SyncStatus.Counts> counts(UUID userId) {
        List<Object[]> rows = getEntityManager().createQuery("""
                select r.entityType, sum(case when r.deleted then 0 else 1 end), sum(case when r.deleted then 1 else 0 end)
                from SyncRecord r where r.userId = :user group by r.entityType order by r.entityType""", Object[].class)
                .setParameter("user", userId)
                .getResultList();
        Map<String, SyncStatus.Counts> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            counts.put((String) row[0], new SyncStatus.Counts(((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue()));
        }
        return counts;
    }
}
