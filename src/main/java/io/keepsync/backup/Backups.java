package io.keepsync.backup;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.auth.AccountDeleted;
import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.catalog.BackupConfig;
import io.keepsync.backup.catalog.BackupRepository;
import io.keepsync.backup.catalog.BackupView;
import io.keepsync.backup.store.BackupStore;
import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.common.encoding.OpaqueCursor;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.paging.PageRequest;
import io.keepsync.common.text.Text;
import io.quarkus.logging.Log;

/** A user's backups once stored: list, summary, metadata, label and pin, delete, and pruning by retention. */
@ApplicationScoped
public class Backups {

    /** Page size of the list when none is asked for, and the largest. */
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    private static final OpaqueCursor CURSOR = new OpaqueCursor('|');

    @Inject
    BackupRepository repository;

    @Inject
    BackupStore store;

    @Inject
    BackupConfig config;

    @Transactional
    public BackupPage list(UUID userId, PageRequest request) {
        int limit = request.limit();
        List<Backup> page;
        if (request.cursor() == null) {
            page = repository.page(userId, limit + 1, null, null);
        } else {
            List<String> cursor = decode("before", request.cursor());
            page = repository.page(userId, limit + 1, Instant.parse(cursor.get(0)), UUID.fromString(cursor.get(1)));
        }
        boolean more = page.size() > limit;
        List<Backup> items = more ? page.subList(0, limit) : page;
        List<BackupView> views = items.stream().map(BackupView::from).toList();
        return new BackupPage(views, more ? cursorOf(views.get(views.size() - 1)) : null);
    }

    /**
     * The backups newer than the one {@code after} names (a {@link #cursorOf} value; all when blank), newest first,
     * at most a page: what a list showing {@code after} at its top is missing.
     */
    @Transactional
    public List<BackupView> newer(UUID userId, String after) {
        List<Backup> page;
        if (Text.isBlank(after)) {
            page = repository.newer(userId, MAX_PAGE, null, null);
        } else {
            List<String> cursor = decode("after", after);
            page = repository.newer(userId, MAX_PAGE, Instant.parse(cursor.get(0)), UUID.fromString(cursor.get(1)));
        }
        return page.stream().map(BackupView::from).toList();
    }

    /** A cursor naming this backup's place in the list: {@code before} pages after it, {@code after} before it. */
    public static String cursorOf(BackupView backup) {
        return CURSOR.encode(backup.createdAt().toString(), backup.id().toString());
    }

    @Transactional
    public BackupSummary summary(UUID userId) {
        return summaryOf(userId, repository.newest(userId).orElse(null));
    }

    /** The summary with the newest backup's metadata (null when there is none), read together. */
    public record Overview(BackupSummary summary, BackupView newest) {
    }

    @Transactional
    public Overview overview(UUID userId) {
        Backup newest = repository.newest(userId).orElse(null);
        return new Overview(summaryOf(userId, newest), newest == null ? null : BackupView.from(newest));
    }

    private BackupSummary summaryOf(UUID userId, Backup newest) {
        return new BackupSummary(repository.count(userId), repository.storedBytes(userId),
                newest == null ? null : newest.createdAt, newest == null ? null : newest.id,
                config.quota().bytes().isPresent() ? config.quota().bytes().getAsLong() : null,
                newest == null ? List.of() : newest.warnings(), repository.countShrunk(userId));
    }

    @Transactional
    public Backup get(UUID userId, UUID id) {
        return repository.owned(id, userId).orElseThrow(() -> ProblemException.notFound("Backup " + id));
    }

    @Transactional
    public Backup latest(UUID userId) {
        return repository.newest(userId).orElseThrow(() -> ProblemException.notFound("A backup"));
    }

    /** Applies the patch: a label (null clears it) and the pin, each when given. */
    @Transactional
    public Backup update(UUID userId, UUID id, BackupPatch patch) {
        Backup backup = get(userId, id);
        if (patch.setsLabel()) {
            String label = patch.label();
            if (label != null && label.length() > config.maxLabelLength()) {
                throw ProblemException.invalid("label",
                        "must be a string of at most " + config.maxLabelLength() + " characters, or null");
            }
            backup.label = label == null ? null : Text.trimToNull(Text.requireStorable("label", label));
        }
        if (patch.pinned() != null) {
            backup.pinned = patch.pinned();
        }
        return backup;
    }

    /** Deletes the row; the snapshot goes once that has committed. */
    public void delete(UUID userId, UUID id) {
        deleteObjects(List.of(deleteRow(userId, id)));
    }

    @Transactional
    String deleteRow(UUID userId, UUID id) {
        Backup backup = get(userId, id);
        backup.delete();
        return backup.storageKey;
    }

    @Transactional
    public List<UUID> usersWithBackups() {
        return repository.usersWithBackups();
    }

    /**
     * Deletes the user's backups that {@code keep} does not choose, rows first under the same per-user lock as
     * uploads, then their snapshots. Returns how many were deleted.
     */
    public int prune(UUID userId, Function<List<RetentionCandidate>, Set<UUID>> keep) {
        List<String> keys = pruneRows(userId, keep);
        deleteObjects(keys);
        return keys.size();
    }

    @Transactional
    List<String> pruneRows(UUID userId, Function<List<RetentionCandidate>, Set<UUID>> keep) {
        repository.lockUser(userId);
        List<Backup> backups = repository.all(userId);
        Set<UUID> kept = keep.apply(backups.stream().map(RetentionCandidate::from).toList());
        List<String> keys = new ArrayList<>();
        for (Backup backup : backups) {
            if (!kept.contains(backup.id)) {
                keys.add(backup.storageKey);
                backup.delete();
            }
        }
        return keys;
    }

    void onAccountDeleting(@Observes AccountDeleted event) {
        repository.deleteAllOf(event.userId());
    }

    void onAccountDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDeleted event) {
        try {
            store.deleteUser(event.userId());
        } catch (IOException e) {
            Log.warnf(e, "Could not delete the snapshots of deleted user %s; the sweep will remove them",
                    event.userId());
        }
    }

    private void deleteObjects(List<String> keys) {
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (IOException e) {
                Log.warnf(e, "Could not delete snapshot %s; the orphan sweep will remove it", key);
            }
        }
    }

    private static List<String> decode(String parameter, String cursor) {
        Optional<List<String>> parts = CURSOR.decode(cursor, 2);
        try {
            if (parts.isPresent() && IsoInstants.inRange(Instant.parse(parts.get().get(0)))) {
                UUID.fromString(parts.get().get(1));
                return parts.get();
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            // falls through
        }
        throw ProblemException.invalid(parameter, "must be a cursor from an earlier answer");
    }
}
