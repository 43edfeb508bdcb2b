package io.keepsync.sync.push;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.common.text.Text;
import io.keepsync.sync.RecordKey;
import io.keepsync.sync.SyncConfig;
import io.keepsync.sync.SyncIds;
import io.keepsync.sync.Timestamps;
import io.keepsync.sync.wire.PushedData;

/** Checks one pushed change and turns it into what the database stores, or says why it is rejected. */
@ApplicationScoped
public class ChangeValidator {

    @Inject
    SyncConfig config;

    /** A change that passed the checks. */
    record Valid(String id, RecordKey key, boolean deleted, String data, Instant lastModifiedAt, boolean clamped) {
    }

    /** Thrown for a change that is rejected; the message is the reason given to the client. */
    static final class Rejection extends Exception {
        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }

    Valid validate(PushChange change, Instant receivedAt) throws Rejection {
        if (change == null) {
            throw new Rejection("a change must be a JSON object");
        }
        String id = change.id();
        if (!SyncIds.isStorableId(id)) {
            throw new Rejection("id " + SyncIds.RULE);
        }
        String type = change.entityType();
        if (type == null || !SyncIds.ENTITY_TYPE.matcher(type).matches()) {
            throw new Rejection("entityType must match " + SyncIds.ENTITY_TYPE_PATTERN);
        }
        if (config.entityTypes().isPresent() && !config.entityTypes().get().contains(type)) {
            throw new Rejection("entityType '" + type + "' is not accepted by this server");
        }
        if (!SyncIds.isStorableEntityId(change.entityId())) {
            throw new Rejection("entityId " + SyncIds.RULE);
        }
        boolean deleted = deleted(change.action());
        String data = deleted ? null : data(change.data());
        Instant modified = lastModifiedAt(change);
        boolean clamped = modified.isAfter(receivedAt.plus(config.maxClockSkew()));
        return new Valid(id, new RecordKey(type, change.entityId()), deleted, data, clamped ? receivedAt : modified,
                clamped);
    }

    private static boolean deleted(String action) throws Rejection {
        if ("delete".equals(action)) {
            return true;
        }
        if ("create".equals(action) || "update".equals(action)) {
            return false;
        }
        throw new Rejection("action must be create, update or delete");
    }

    private String data(PushedData data) throws Rejection {
        if (data == null || !data.object()) {
            throw new Rejection("data must be a JSON object");
        }
        if (data.utf8Length() > config.maxDataBytes()) {
            throw new Rejection("data is larger than " + config.maxDataBytes() + " bytes");
        }
        if (!data.storable()) {
            throw new Rejection("data " + Text.NOT_STORABLE);
        }
        return data.json();
    }

    private static Instant lastModifiedAt(PushChange change) throws Rejection {
        JsonNode value = change.lastModifiedAt();
        if (isMissing(value) && change.data() != null && change.data().object()) {
            value = change.data().lastModifiedAt();
        }
        if (isMissing(value)) {
            value = change.createdAt();
        }
        if (isMissing(value)) {
            throw new Rejection("lastModifiedAt is required (or data.lastModifiedAt, or createdAt)");
        }
        Instant instant = Timestamps.read(value).orElseThrow(
                () -> new Rejection("lastModifiedAt must be an ISO-8601 timestamp or epoch milliseconds"));
        if (!IsoInstants.inRange(instant)) {
            throw new Rejection("lastModifiedAt must be between years 1970 and 9999");
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean isMissing(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }
}
