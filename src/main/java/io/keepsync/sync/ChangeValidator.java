package io.keepsync.sync;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks one pushed change and turns it into what the database stores, or says why it is rejected. */
@ApplicationScoped
public class ChangeValidator {

    static final Pattern ENTITY_TYPE = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    static final int MAX_ID_LENGTH = 255;
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{10,16}");
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    @Inject
    SyncConfig config;

    /** A change that passed the checks. */
    record Valid(String id, String entityType, String entityId, boolean deleted, String data, Instant lastModifiedAt,
            boolean clamped) {
    }

    /** Thrown for a change that is rejected; the message is the reason given to the client. */
    static final class Rejection extends Exception {
        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Whether an id (mutation id, client id) can be stored and looked up: not blank, at most 255 characters, no NUL
     * (PostgreSQL text cannot hold one).
     */
    static boolean isStorableId(String id) {
        return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH && id.indexOf('\0') < 0;
    }

    Valid validate(PushChange change, Instant receivedAt) throws Rejection {
        String id = change.id();
        if (!isStorableId(id)) {
            throw new Rejection("id must be a non-empty string of at most " + MAX_ID_LENGTH + " characters");
        }
        String type = change.entityType();
        if (type == null || !ENTITY_TYPE.matcher(type).matches()) {
            throw new Rejection("entityType must match " + ENTITY_TYPE.pattern());
        }
        if (config.entityTypes().isPresent() && !config.entityTypes().get().contains(type)) {
            throw new Rejection("entityType '" + type + "' is not accepted by this server");
        }
        if (change.entityId() == null || change.entityId().isEmpty() || change.entityId().length() > MAX_ID_LENGTH
                || change.entityId().indexOf('\0') >= 0) {
            throw new Rejection("entityId must be a non-empty string of at most " + MAX_ID_LENGTH + " characters");
        }
        boolean deleted = deleted(change.action());
        String data = deleted ? null : data(change.data());
        Instant modified = lastModifiedAt(change);
        boolean clamped = modified.isAfter(receivedAt.plus(config.maxClockSkew()));
        return new Valid(id, type, change.entityId(), deleted, data, clamped ? receivedAt : modified, clamped);
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
        if (data.json().indexOf("\\u0000") >= 0) {
            throw new Rejection("data must not contain NUL characters");
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
        Instant instant = parseInstant(value).truncatedTo(ChronoUnit.MILLIS);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new Rejection("lastModifiedAt must be between years 1970 and 9999");
        }
        return instant;
    }

    private static boolean isMissing(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** ISO-8601 with an offset (or none, read as UTC), or epoch milliseconds. */
    static Instant parseInstant(JsonNode value) throws Rejection {
        try {
            if (value.isIntegralNumber()) {
                return Instant.ofEpochMilli(value.longValue());
            }
            if (value.isTextual()) {
                String text = value.textValue().trim();
                Instant common = IsoInstants.parseUtc(text);
                if (common != null) {
                    return common;
                }
                if (EPOCH_MILLIS.matcher(text).matches()) {
                    return Instant.ofEpochMilli(Long.parseLong(text));
                }
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text,
                        java.time.OffsetDateTime::from, LocalDateTime::from);
                return parsed instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC)
                        : Instant.from(parsed);
            }
        } catch (DateTimeException | ArithmeticException e) {
            // falls through to the rejection below
        }
        throw new Rejection("lastModifiedAt must be an ISO-8601 timestamp or epoch milliseconds");
    }
}
