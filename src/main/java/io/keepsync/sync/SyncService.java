package io.keepsync.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.keepsync.common.error.ProblemException;
import io.keepsync.sync.PushResult.Status;

/**
 * Applies pushes: one transaction per request, the user's head locked first so versions commit in order, then a
 * few set-based statements whatever the batch size.
 */
@ApplicationScoped
public class SyncService {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChangeValidator validator;

    @Inject
    SyncConfig config;

    @Inject
    SyncMetrics metrics;

    @Transactional
    public PushResponse push(UUID userId, PushRequest request) {
        checkRequest(request);
        try (Connection connection = dataSource.getConnection()) {
            PushResponse response = apply(new PushWriter(connection, userId), request);
            metrics.pushed(response.results());
            return response;
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                // The account was deleted after this request was authenticated: its head can no longer be created.
                throw ProblemException.unauthorized();
            }
            throw new IllegalStateException("push failed", e);
        }
    }

    private void checkRequest(PushRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("The body must be a JSON object with clientId and changes");
        }
        String clientId = request.clientId();
        if (!ChangeValidator.isStorableId(clientId)) {
            throw ProblemException.invalid("clientId", "must be a non-empty string of at most 255 characters");
        }
        if (request.changes() == null) {
            throw ProblemException.invalid("changes", "must be an array of changes");
        }
        if (request.changes().size() > config.maxBatch()) {
            throw ProblemException.tooLarge("A push may carry at most " + config.maxBatch() + " changes; this one has "
                    + request.changes().size() + ". Split it into smaller batches.");
        }
    }

    private PushResponse apply(PushWriter writer, PushRequest request) throws SQLException {
        PushWriter.Head head = writer.lockHead();
        Instant receivedAt = receiptTime(head.lastReceivedAt());
        List<PushChange> changes = request.changes();
        Map<String, PushWriter.Known> known = writer.known(mutationIds(changes));

        PushResult[] results = new PushResult[changes.size()];
        Map<String, Integer> firstById = new HashMap<>(2 * changes.size());
        List<ChangeValidator.Valid> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            PushChange change = changes.get(i);
            String id = change == null ? null : change.id();
            if (id != null && known.containsKey(id)) {
                PushWriter.Known before = known.get(id);
                results[i] = PushResult.duplicate(id, before.status(), before.version(), before.error());
            } else if (id != null && firstById.containsKey(id)) {
                results[i] = PushResult.duplicate(id, null, null, null);
            } else {
                if (id != null) {
                    firstById.put(id, i);
                }
                try {
                    if (change == null) {
                        throw new ChangeValidator.Rejection("a change must be a JSON object");
                    }
                    valid.add(validator.validate(change, receivedAt));
                    validIndex.add(i);
                } catch (ChangeValidator.Rejection rejection) {
                    results[i] = PushResult.rejected(id, rejection.getMessage());
                }
            }
        }

        long version = applyValid(writer, head, request.clientId(), receivedAt, valid, validIndex, results);
        resolveInBatchDuplicates(changes, firstById, results);
        writer.record(outcomes(results, firstById));
        writer.advance(version, receivedAt, request.clientId());
        return PushResponse.of(List.of(results), new SyncCursor(head.epoch(), version).encode(), receivedAt);
    }

    /** Writes the winner of each entity and fills in applied/stale; returns the new head version. */
    private long applyValid(PushWriter writer, PushWriter.Head head, String clientId, Instant receivedAt,
            List<ChangeValidator.Valid> valid, List<Integer> validIndex, PushResult[] results) throws SQLException {
        // Maps of a push are sized up front (twice the entries), so they never rehash while a batch is sorted out.
        Map<String, Integer> winnerByKey = new HashMap<>(2 * valid.size());
        for (int j = 0; j < valid.size(); j++) {
            String key = PushWriter.key(valid.get(j).entityType(), valid.get(j).entityId());
            Integer current = winnerByKey.get(key);
            // One push has one clientId, so the greater (lastModifiedAt, clientId) is the later lastModifiedAt.
            if (current == null || valid.get(j).lastModifiedAt().isAfter(valid.get(current).lastModifiedAt())) {
                winnerByKey.put(key, j);
            }
        }
        List<Integer> winners = winnerByKey.values().stream().sorted().toList();
        List<ChangeValidator.Valid> rows = new ArrayList<>(winners.size());
        long[] versions = new long[winners.size()];
        Map<Integer, Long> versionOf = new HashMap<>(2 * winners.size());
        for (int w = 0; w < winners.size(); w++) {
            rows.add(valid.get(winners.get(w)));
            versions[w] = head.version() + w + 1;
            versionOf.put(winners.get(w), versions[w]);
        }
        Set<String> written = rows.isEmpty() ? Set.of() : writer.upsert(rows, versions, clientId, receivedAt);
        for (int j = 0; j < valid.size(); j++) {
            ChangeValidator.Valid change = valid.get(j);
            boolean applied = versionOf.containsKey(j)
                    && written.contains(PushWriter.key(change.entityType(), change.entityId()));
            results[validIndex.get(j)] = applied ? PushResult.applied(change.id(), versionOf.get(j), change.clamped())
                    : PushResult.stale(change.id(), change.clamped());
        }
        return head.version() + winners.size();
    }

    private static void resolveInBatchDuplicates(List<PushChange> changes, Map<String, Integer> firstById,
            PushResult[] results) {
        for (int i = 0; i < results.length; i++) {
            PushResult result = results[i];
            if (result.status() == Status.duplicate && result.originalStatus() == null) {
                PushResult first = results[firstById.get(result.id())];
                results[i] = PushResult.duplicate(result.id(), first.status(), first.version(), first.error());
            }
        }
    }

    /** Every first occurrence of an id is logged, rejected ones too, so that a retry never loops. */
    private static List<PushWriter.Outcome> outcomes(PushResult[] results, Map<String, Integer> firstById) {
        List<PushWriter.Outcome> outcomes = new ArrayList<>(firstById.size());
        for (Map.Entry<String, Integer> first : firstById.entrySet()) {
            PushResult result = results[first.getValue()];
            if (ChangeValidator.isStorableId(first.getKey())) {
                outcomes.add(new PushWriter.Outcome(first.getKey(), result.status(), result.version(), result.error()));
            }
        }
        return outcomes;
    }

    private static Set<String> mutationIds(List<PushChange> changes) {
        Set<String> ids = new HashSet<>(2 * changes.size());
        for (PushChange change : changes) {
            if (change != null && ChangeValidator.isStorableId(change.id())) {
                ids.add(change.id());
            }
        }
        return ids;
    }

    /** Strictly after the previous push of this user, so that {@code since=<serverTime>} never misses one. */
    private static Instant receiptTime(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
    }
}
