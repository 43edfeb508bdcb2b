package io.keepsync.sync.pull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.keepsync.common.text.Text;
import io.keepsync.sync.SyncCursor;
import io.keepsync.sync.SyncDeviceRepository;
import io.keepsync.sync.SyncIds;
import io.keepsync.sync.SyncMetrics;
import io.keepsync.sync.Timestamps;
import io.keepsync.sync.pull.PullPageRepository.PullHead;
import io.keepsync.sync.pull.PullPageRepository.PullPage;
import io.keepsync.sync.pull.PullPageRepository.PullQuery;
import io.keepsync.sync.pull.PullPageRepository.PulledRow;
import io.keepsync.sync.wire.PulledChange;

/** Serves pulls: keyset pages by version, or by receipt time for clients that send a timestamp. */
@ApplicationScoped
public class PullService {

    @Inject
    PullPageRepository repository;

    @Inject
    SyncDeviceRepository devices;

    @Inject
    SyncMetrics metrics;

    @Transactional
    public PullResponse pull(UUID userId, PullRequest request) {
        int limit = request.page().limit();
        Optional<SyncCursor> cursor = Optional.empty();
        Instant since = null;
        String from = request.page().cursor();
        if (from != null) {
            cursor = SyncCursor.decode(from.trim());
            if (cursor.isEmpty()) {
                since = parseSince(from);
            }
        }
        PullQuery query = new PullQuery(cursor.map(SyncCursor::version).orElse(0L), since, request.entityTypes(),
                Text.blankToNull(request.excludeClientId()), limit + 1);
        PullPage page = repository.page(userId, query);
        checkServable(page.head(), cursor, since);
        PullResponse response = since == null ? byVersion(page, limit) : byTime(userId, query, page, limit, since);
        touchClient(userId, request);
        metrics.pulled(response.changes().size());
        return response;
    }

    private PullResponse byVersion(PullPage page, int limit) {
        List<PulledRow> rows = page.rows();
        boolean hasMore = rows.size() > limit;
        List<PulledRow> served = hasMore ? rows.subList(0, limit) : rows;
        long last = hasMore ? served.get(served.size() - 1).change().version() : page.head().version();
        Instant serverTime = hasMore ? served.get(served.size() - 1).receivedAt() : headTime(page.head(), null);
        return response(page.head(), served, last, hasMore, serverTime);
    }

    /**
     * For {@code since=<timestamp>}: a page never ends inside one push's changes (they share a receipt time), so that
     * the returned serverTime is a correct next {@code since}.
     */
    private PullResponse byTime(UUID userId, PullQuery query, PullPage page, int limit, Instant since) {
        List<PulledRow> rows = new ArrayList<>(page.rows());
        boolean hasMore = rows.size() > limit;
        if (hasMore) {
            Instant cut = rows.get(limit).receivedAt();
            rows = new ArrayList<>(rows.subList(0, limit));
            if (rows.get(limit - 1).receivedAt().equals(cut)) {
                if (rows.get(0).receivedAt().equals(cut)) {
                    rows.addAll(repository.restOfGroup(userId, query, cut,
                            rows.get(rows.size() - 1).change().version()));
                    hasMore = repository.anyReceivedAfter(userId, query, cut);
                } else {
                    rows.removeIf(row -> row.receivedAt().equals(cut));
                }
            }
        }
        PulledRow lastRow = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        long last = hasMore ? lastRow.change().version() : page.head().version();
        Instant serverTime = hasMore ? lastRow.receivedAt() : headTime(page.head(), since);
        return response(page.head(), rows, last, hasMore, serverTime);
    }

    private static PullResponse response(PullHead head, List<PulledRow> rows, long lastVersion, boolean hasMore,
            Instant serverTime) {
        List<PulledChange> changes = rows.stream().map(PulledRow::change).toList();
        return new PullResponse(changes, new SyncCursor(head.epoch(), lastVersion).encode(), hasMore, serverTime);
    }

    /** Complete up to the head's last receipt, never later than a change it covers; the epoch when empty. */
    private static Instant headTime(PullHead head, Instant since) {
        Instant last = head.lastReceivedAt();
        if (last == null) {
            return since == null ? Instant.EPOCH : since;
        }
        return since != null && since.isAfter(last) ? since : last;
    }

    private static void checkServable(PullHead head, Optional<SyncCursor> cursor, Instant since) {
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

    private static ProblemException mustRefetch() {
        return new ProblemException(ProblemType.MUST_REFETCH,
                "Changes this cursor depends on are gone (pruned or restored); drop the cursor and pull from the start");
    }

    private static Instant parseSince(String since) {
        return Timestamps.parse(since).orElseThrow(() -> ProblemException.invalid("since",
                "must be a cursor from an earlier answer or an ISO-8601 timestamp"));
    }

    /** The device named by {@code clientId} (else {@code excludeClientId}) is noted as having pulled. */
    private void touchClient(UUID userId, PullRequest request) {
        String clientId = Text.isBlank(request.clientId()) ? Text.blankToNull(request.excludeClientId())
                : request.clientId().trim();
        if (SyncIds.isStorableId(clientId)) {
            devices.pulled(userId, clientId);
        }
    }
}
