package io.keepsync.sync.push;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.common.error.ProblemException;
import io.keepsync.live.LiveEvents;
import io.keepsync.sync.RecordKey;
import io.keepsync.sync.SyncConfig;
import io.keepsync.sync.SyncDeviceRepository;
import io.keepsync.sync.SyncHead;
import io.keepsync.sync.SyncIds;
import io.keepsync.sync.SyncMetrics;
import io.keepsync.sync.push.PushRecordRepository.RecordWrite;

/**
 * Applies pushes: one transaction per request, the user's head locked first so versions commit in order, then a
 * few set-based statements whatever the batch size.
 */
@ApplicationScoped
public class PushService {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Inject
    HeadRepository heads;

    @Inject
    PushRecordRepository records;

    @Inject
    MutationLogRepository log;

    @Inject
    SyncDeviceRepository devices;

    @Inject
    ChangeValidator validator;

    @Inject
    SyncConfig config;

    @Inject
    SyncMetrics metrics;

    @Inject
    LiveEvents events;

    @Transactional
    public PushResponse push(UUID userId, PushRequest request) {
        checkRequest(request);
        try {
            PushResponse response = apply(userId, request);
            metrics.pushed(response.results().stream().map(PushResult::status).toList());
            return response;
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException violation
                    && FOREIGN_KEY_VIOLATION.equals(violation.getSQLState())) {
                // The account was deleted after this request was authenticated: its head can no longer be created.
                throw ProblemException.unauthorized();
            }
            throw e;
        }
    }

    private void checkRequest(PushRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("The body must be a JSON object with clientId and changes");
        }
        if (!SyncIds.isStorableId(request.clientId())) {
            throw ProblemException.invalid("clientId", SyncIds.RULE);
        }
        if (request.changes() == null) {
            throw ProblemException.invalid("changes", "must be an array of changes");
        }
        if (request.changes().size() > config.maxBatch()) {
            throw ProblemException.tooLarge("A push may carry at most " + config.maxBatch() + " changes; this one has "
                    + request.changes().size() + ". Split it into smaller batches.");
        }
    }

    private PushResponse apply(UUID userId, PushRequest request) {
        SyncHead head = heads.lock(userId);
        Instant receivedAt = head.nextReceiptTime();
        List<PushChange> changes = request.changes();
        PushBatch batch = PushBatch.sort(changes, log.outcomes(userId, PushBatch.loggableIds(changes)), validator,
                receivedAt);
        List<RecordWrite> writes = batch.winners(head.version);
        Set<RecordKey> written = writes.isEmpty() ? Set.of()
                : records.upsert(userId, writes, request.clientId(), receivedAt);
        batch.settle(written);
        Set<RecordKey> lostTo = batch.lostTo();
        if (!lostTo.isEmpty()) {
            batch.attachCurrent(records.current(userId, lostTo));
        }
        log.log(userId, batch.outcomes());
        head.version += writes.size();
        head.lastReceivedAt = receivedAt;
        heads.advance(head);
        devices.pushed(userId, request.clientId(), receivedAt);
        String cursor = head.cursor().encode();
        if (!written.isEmpty()) {
            // Sent inside the push's transaction: streams hear of it only once it has committed.
            events.publish(userId, "changes", Map.of("cursor", cursor, "serverTime", IsoInstants.format(receivedAt),
                    "clientId", request.clientId()), request.clientId());
        }
        return PushResponse.of(batch.results(), cursor, receivedAt);
    }
}
