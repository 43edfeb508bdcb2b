package io.keepsync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.node.TextNode;

import io.agroal.api.AgroalDataSource;
import io.keepsync.common.error.ProblemException;

/** Serves pulls (keyset pages by version, or by receipt time for older clients) and the sync status. */
@ApplicationScoped
public class PullService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SyncConfig config;

    @Inject
    SyncMetrics metrics;

    @Inject
    EntityManager em;

    /** What the client asked for, already parsed by the resource. */
    public record Request(String since, Integer limit, List<String> entityTypes, String excludeClientId,
            String clientId) {
    }

    public PullResponse pull(UUID userId, Request request) {
        int limit = limit(request.limit());
        Optional<SyncCursor> cursor = Optional.empty();
        Instant since = null;
        if (request.since() != null && !request.since().isBlank()) {
            cursor = SyncCursor.decode(request.since().trim());
            if (cursor.isEmpty()) {
                since = parseSince(request.since().trim());
            }
        }
        PullReader.Query query = new PullReader.Query(cursor.map(SyncCursor::version).orElse(0L), since,
                request.entityTypes(), blankToNull(request.excludeClientId()), limit + 1);
        try (Connection connection = dataSource.getConnection()) {
            PullReader reader = new PullReader(connection, userId);
            PullReader.Page page = reader.page(query);
            checkServable(page.head(), cursor, since);
            PullResponse response = since == null ? byVersion(page, limit) : byTime(reader, query, page, limit, since);
            touchClient(connection, userId, request);
            metrics.pulled(response.changes().size());
            return response;
        } catch (SQLException e) {
            throw new IllegalStateException("pull failed", e);
        }
    }

    private PullResponse byVersion(PullReader.Page page, int limit) {
        List<PullReader.Row> rows = page.rows();
        boolean hasMore = rows.size() > limit;
        List<PullReader.Row> served = hasMore ? rows.subList(0, limit) : rows;
        long last = hasMore ? served.get(served.size() - 1).change().version() : page.head().version();
        Instant serverTime = hasMore ? served.get(served.size() - 1).receivedAt() : headTime(page.head(), null);
        return response(page.head(), served, last, hasMore, serverTime);
    }

    /**
     * For {@code since=<timestamp>}: a page never ends inside one push's changes (they share a receipt time), so that
     * the returned serverTime is a correct next {@code since}.
     */
    private PullResponse byTime(PullReader reader, PullReader.Query query, PullReader.Page page, int limit,
            Instant since) throws SQLException {
        List<PullReader.Row> rows = new ArrayList<>(page.rows());
        boolean hasMore = rows.size() > limit;
        if (hasMore) {
            Instant cut = rows.get(limit).receivedAt();
            rows = new ArrayList<>(rows.subList(0, limit));
            if (rows.get(limit - 1).receivedAt().equals(cut)) {
                if (rows.get(0).receivedAt().equals(cut)) {
                    rows.addAll(reader.restOfGroup(query, cut, rows.get(rows.size() - 1).change().version()));
                    hasMore = reader.anyReceivedAfter(query, cut);
                } else {
                    rows.removeIf(row -> row.receivedAt().equals(cut));
                }
            }
        }
        PullReader.Row lastRow = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        long last = hasMore ? lastRow.change().version() : page.head().version();
        Instant serverTime = hasMore ? lastRow.receivedAt() : headTime(page.head(), since);
        return response(page.head(), rows, last, hasMore, serverTime);
    }

    private PullResponse response(PullReader.Head head, List<PullReader.Row> rows, long lastVersion, boolean hasMore,
            Instant serverTime) {
        List<PulledChange> changes = rows.stream().map(PullReader.Row::change).toList();
        return new PullResponse(changes, new SyncCursor(head.epoch(), lastVersion).encode(), hasMore, serverTime);
    }

    /** Complete up to the head's last receipt, never later than a change it covers; the epoch when empty. */
    private static Instant headTime(PullReader.Head head, Instant since) {
        Instant last = head.lastReceivedAt();
        if (last == null) {
            return since == null ? Instant.EPOCH : since;
        }
        return since != null && since.isAfter(last) ? since : last;
    }

    private static void checkServable(PullReader.Head head, Optional<SyncCursor> cursor, Instant since) {
        if (cursor.isPresent()) {
            SyncCursor c = cursor.get();
            if (c.epoch() != head.epoch() || c.version() > head.version() || c.version() < head.horizon()) {
                throw mustRefetch();
            }
        }
        if (since != null && head.horizonAt() != null && since.isBefore(head.horizonAt())) {
            throw mustRefetch();
        }
    }

    static ProblemException mustRefetch() {
        return new ProblemException(409, "must-refetch", "Cursor can no longer be served",
                "Changes this cursor depends on are gone (pruned or restored); drop the cursor and pull from the start");
    }

    private int limit(Integer requested) {
        if (requested == null) {
            return config.defaultPullLimit();
        }
        if (requested < 1 || requested > config.maxPullLimit()) {
            throw ProblemException.invalid("limit", "must be between 1 and " + config.maxPullLimit());
        }
        return requested;
    }

    private static Instant parseSince(String since) {
        try {
            return ChangeValidator.parseInstant(TextNode.valueOf(since));
        } catch (ChangeValidator.Rejection e) {
            throw ProblemException.invalid("since", "must be a cursor from an earlier answer or an ISO-8601 timestamp");
        }
    }

    private static void touchClient(Connection connection, UUID userId, Request request) throws SQLException {
        String clientId = blankToNull(request.clientId()) != null ? request.clientId().trim()
                : blankToNull(request.excludeClientId());
        if (!ChangeValidator.isStorableId(clientId)) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO sync_clients (user_id, client_id, last_pull_at) VALUES (?, ?, now())
                ON CONFLICT (user_id, client_id) DO UPDATE SET last_pull_at = EXCLUDED.last_pull_at""")) {
            statement.setObject(1, userId);
            statement.setString(2, clientId);
            statement.executeUpdate();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Transactional
    public SyncStatus status(UUID userId) {
        SyncState state = SyncState.of(userId).orElse(null);
        Map<String, SyncStatus.Counts> counts = new LinkedHashMap<>();
        List<?> rows = em.createQuery("select r.entityType, sum(case when r.deleted then 0 else 1 end), "
                + "sum(case when r.deleted then 1 else 0 end) from SyncRecord r where r.userId = ?1 "
                + "group by r.entityType order by r.entityType")
                .setParameter(1, userId).getResultList();
        for (Object row : rows) {
            Object[] values = (Object[]) row;
            counts.put((String) values[0],
                    new SyncStatus.Counts(((Number) values[1]).longValue(), ((Number) values[2]).longValue()));
        }
        List<SyncStatus.Client> clients = SyncClient.listOf(userId).stream()
                .map(c -> new SyncStatus.Client(c.clientId, c.lastPushAt, c.lastPullAt)).toList();
        SyncCursor head = state == null ? new SyncCursor(1, 0) : new SyncCursor(state.epoch, state.version);
        return new SyncStatus(head.encode(), Instant.now(), counts, clients);
    }
}
