package io.keepsync.sync.push;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.keepsync.sync.RecordKey;
import io.keepsync.sync.SyncIds;
import io.keepsync.sync.push.MutationLogRepository.LoggedOutcome;
import io.keepsync.sync.push.PushRecordRepository.RecordWrite;
import io.keepsync.sync.wire.PulledChange;

/**
 * One push worked through in request order: which changes repeat a mutation id, which are rejected, which of the
 * valid ones wins for each record, and the result of every change as it is decided.
 */
final class PushBatch {

    /** A valid change, where it stands in the request, and the version it is written with if it wins (else 0). */
    private static final class Entry {
        final int index;
        final ChangeValidator.Valid change;
        long version;

        Entry(int index, ChangeValidator.Valid change) {
            this.index = index;
            this.change = change;
        }
    }

    private final List<PushChange> changes;
    private final PushResult[] results;
    /** Where each mutation id first occurs; later occurrences are duplicates of it. */
    private final Map<String, Integer> firstById;
    private final List<Entry> valid = new ArrayList<>();

    private PushBatch(List<PushChange> changes) {
        this.changes = changes;
        this.results = new PushResult[changes.size()];
        // Sized up front (twice the entries), so that the map never rehashes while a large batch is sorted out.
        this.firstById = new HashMap<>(2 * changes.size());
    }

    /** The mutation ids worth looking up in the log: those that can have been recorded. */
    static Set<String> loggableIds(List<PushChange> changes) {
        Set<String> ids = new HashSet<>(2 * changes.size());
        for (PushChange change : changes) {
            if (change != null && SyncIds.isStorableId(change.id())) {
                ids.add(change.id());
            }
        }
        return ids;
    }

    /** Answers repeats of logged ids, validates the rest and rejects what fails. */
    static PushBatch sort(List<PushChange> changes, Map<String, LoggedOutcome> logged, ChangeValidator validator,
            Instant receivedAt) {
        PushBatch batch = new PushBatch(changes);
        for (int i = 0; i < changes.size(); i++) {
            PushChange change = changes.get(i);
            String id = change == null ? null : change.id();
            if (id != null && logged.containsKey(id)) {
                LoggedOutcome before = logged.get(id);
                batch.results[i] = PushResult.duplicate(id, before.status(),
                        before.version(), before.error());
            } else if (id == null || batch.firstById.putIfAbsent(id, i) == null) {
                try {
                    batch.valid.add(new Entry(i, validator.validate(change, receivedAt)));
                } catch (ChangeValidator.Rejection rejection) {
                    batch.results[i] = PushResult.rejected(id, rejection.getMessage());
                }
            }
        }
        return batch;
    }

    /**
     * The change to write for each record, the latest of the batch's changes to it (one push has one clientId, so
     * the greater pair is the later lastModifiedAt; the first wins a tie), numbered after the head in request order.
     */
    List<RecordWrite> winners(long headVersion) {
        Map<RecordKey, Entry> latest = new HashMap<>(2 * valid.size());
        for (Entry entry : valid) {
            latest.merge(entry.change.key(), entry,
                    (current, next) -> next.change.lastModifiedAt().isAfter(current.change.lastModifiedAt()) ? next
                            : current);
        }
        List<RecordWrite> writes = new ArrayList<>(latest.size());
        long version = headVersion;
        for (Entry entry : valid) {
            if (latest.get(entry.change.key()) == entry) {
                entry.version = ++version;
                ChangeValidator.Valid change = entry.change;
                writes.add(new RecordWrite(change.key(), change.deleted(), change.data(), change.lastModifiedAt(),
                        entry.version));
            }
        }
        return writes;
    }

    /** Decides the valid changes (applied when written, else stale), then the repeats within the batch. */
    void settle(Set<RecordKey> written) {
        for (Entry entry : valid) {
            ChangeValidator.Valid change = entry.change;
            results[entry.index] = entry.version > 0 && written.contains(change.key())
                    ? PushResult.applied(change.id(), entry.version, change.clamped())
                    : PushResult.stale(change.id(), change.clamped());
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                PushResult first = results[firstById.get(changes.get(i).id())];
                results[i] = PushResult.duplicate(first.id(), first.status(), first.version(), first.error());
            }
        }
    }

    /**
     * The records the client lost to: those of stale changes and of duplicates of stale ones (whose key is the one
     * this request carries, as a retry sends the same change).
     */
    Set<RecordKey> lostTo() {
        Set<RecordKey> keys = new HashSet<>();
        for (int i = 0; i < results.length; i++) {
            PushChange change = changes.get(i);
            if (results[i].lost() && change != null && change.entityType() != null
                    && SyncIds.isStorableEntityId(change.entityId())) {
                keys.add(new RecordKey(change.entityType(), change.entityId()));
            }
        }
        return keys;
    }

    /** Gives every lost change the record that won, as stored now. */
    void attachCurrent(Map<RecordKey, PulledChange> stored) {
        for (int i = 0; i < results.length; i++) {
            PushChange change = changes.get(i);
            if (results[i].lost() && change != null) {
                PulledChange current = stored.get(new RecordKey(change.entityType(), change.entityId()));
                if (current != null) {
                    results[i] = results[i].withCurrent(current);
                }
            }
        }
    }

    /** Every first occurrence of a storable id, rejected ones too, so that a retry never loops. */
    List<LoggedOutcome> outcomes() {
        List<LoggedOutcome> outcomes = new ArrayList<>(firstById.size());
        for (Map.Entry<String, Integer> first : firstById.entrySet()) {
            PushResult result = results[first.getValue()];
            if (SyncIds.isStorableId(first.getKey())) {
                outcomes.add(new LoggedOutcome(first.getKey(), result.status(), result.version(),
                        result.error()));
            }
        }
        return outcomes;
    }

    List<PushResult> results() {
        return List.of(results);
    }
}
