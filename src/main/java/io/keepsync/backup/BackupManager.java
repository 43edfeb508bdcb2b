package io.keepsync.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.auth.AccountDeleted;
import io.keepsync.common.error.ProblemException;
import io.quarkus.logging.Log;

/** Reading and managing a user's backups: list, summary, metadata, label/pin, delete. */
@ApplicationScoped
public class BackupManager {

    @Inject
    BackupStore store;

    @Inject
    BackupConfig config;

    @Inject
    BackupCatalog catalog;

    @Transactional
    public BackupPage list(UUID userId, int limit, String before) {
        if (limit < 1 || limit > 200) {
            throw ProblemException.invalid("limit", "must be between 1 and 200");
        }
        List<Backup> page;
        if (before == null || before.isBlank()) {
            page = Backup.find("userId = ?1 order by createdAt desc, id desc", userId).page(0, limit + 1).list();
        } else {
            String[] cursor = decode(before);
            Instant createdAt = Instant.parse(cursor[0]);
            UUID id = UUID.fromString(cursor[1]);
            page = Backup.find("userId = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3)) "
                    + "order by createdAt desc, id desc", userId, createdAt, id).page(0, limit + 1).list();
        }
        boolean more = page.size() > limit;
        List<Backup> items = more ? page.subList(0, limit) : page;
        String next = more ? encode(items.get(items.size() - 1)) : null;
        return new BackupPage(items.stream().map(BackupView::from).toList(), next);
    }

    @Transactional
    public BackupSummary summary(UUID userId) {
        long count = Backup.count("userId", userId);
        Backup newest = Backup.newestOf(userId).orElse(null);
        return new BackupSummary(count, catalog.storedBytes(userId), newest == null ? null : newest.createdAt,
                newest == null ? null : newest.id, config.quota().isPresent() ? config.quota().getAsLong() : null);
    }

    @Transactional
    public Backup get(UUID userId, UUID id) {
        return Backup.findOwned(id, userId).orElseThrow(() -> ProblemException.notFound("Backup " + id));
    }

    @Transactional
    public Backup latest(UUID userId) {
        return Backup.newestOf(userId).orElseThrow(() -> ProblemException.notFound("A backup"));
    }

    /** Applies {@code label} and {@code pinned} when present; {@code "label": null} clears the label. */
    @Transactional
    public Backup update(UUID userId, UUID id, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object with label and/or pinned");
        }
        Backup backup = get(userId, id);
        if (patch.has("label")) {
            JsonNode label = patch.get("label");
            if (!label.isNull() && (!label.isTextual() || label.textValue().length() > 200)) {
                throw ProblemException.invalid("label", "must be a string of at most 200 characters, or null");
            }
            backup.label = label.isNull() || label.textValue().isBlank() ? null : label.textValue().trim();
        }
        if (patch.has("pinned")) {
            if (!patch.get("pinned").isBoolean()) {
                throw ProblemException.invalid("pinned", "must be true or false");
            }
            backup.pinned = patch.get("pinned").booleanValue();
        }
        return backup;
    }

    /** Deletes the row; the file goes once that has committed. */
    public void delete(UUID userId, UUID id) {
        String key = deleteRow(userId, id);
        deleteFile(key);
    }

    @Transactional
    String deleteRow(UUID userId, UUID id) {
        Backup backup = get(userId, id);
        backup.delete();
        return backup.storageKey;
    }

    void deleteFile(String key) {
        try {
            store.delete(key);
        } catch (IOException e) {
            Log.warnf(e, "Could not delete backup file %s; the maintenance sweep will remove it", key);
        }
    }

    void onAccountDeleting(@Observes AccountDeleted event) {
        Backup.delete("userId", event.userId());
    }

    void onAccountDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDeleted event) {
        try {
            store.deleteUser(event.userId());
        } catch (IOException e) {
            Log.warnf(e, "Could not delete the backup files of deleted user %s; the sweep will remove them",
                    event.userId());
        }
    }

    private static String encode(Backup backup) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((backup.createdAt + "|" + backup.id).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 2) {
                Instant.parse(parts[0]);
                UUID.fromString(parts[1]);
                return parts;
            }
        } catch (RuntimeException e) {
            // falls through
        }
        throw ProblemException.invalid("before", "must be a nextCursor from an earlier answer");
    }
}
