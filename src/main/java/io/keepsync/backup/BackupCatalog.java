package io.keepsync.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;

/** The backup rows: recording uploads under a per-user lock, and the quota and dedup rules they obey. */
@ApplicationScoped
public class BackupCatalog {

    private static final DateTimeFormatter FILENAME = DateTimeFormatter.ofPattern("'backup-'yyyy-MM-dd'T'HH-mm-ss'Z.sqlite'")
            .withZone(ZoneOffset.UTC);

    @Inject
    EntityManager em;

    @Inject
    BackupConfig config;

    /** The user's newest backup if it holds exactly these bytes and is still intact. */
    @Transactional
    public Optional<Backup> sameAsNewest(UUID userId, String sha256) {
        return Backup.newestOf(userId).filter(b -> b.sha256.equals(sha256) && Backup.VERIFIED.equals(b.status));
    }

    @Transactional
    public void checkQuota(UUID userId, long extraBytes) {
        if (config.quota().isPresent() && storedBytes(userId) + extraBytes > config.quota().getAsLong()) {
            throw new ProblemException(507, "quota-exceeded", "Backup quota exceeded",
                    "Storing " + extraBytes + " more bytes would exceed the quota of " + config.quota().getAsLong()
                            + " bytes; delete or unpin older backups");
        }
    }

    long storedBytes(UUID userId) {
        Number total = (Number) em.createQuery("select coalesce(sum(b.sizeBytes), 0) from Backup b where b.userId = ?1")
                .setParameter(1, userId).getSingleResult();
        return total.longValue();
    }

    /**
     * Inserts the row. Uploads of one user are serialised here, and dedup and quota are checked again under the
     * lock, so two concurrent uploads cannot both slip past them.
     */
    @Transactional
    public BackupService.Uploaded insert(UUID userId, UUID id, String key, long size, String sha256,
            SnapshotInspector.Facts facts, UploadRequest request) {
        lockUser(userId);
        Optional<Backup> same = sameAsNewest(userId, sha256);
        if (same.isPresent()) {
            return new BackupService.Uploaded(same.get(), true);
        }
        checkQuota(userId, size);
        Backup backup = new Backup();
        backup.id = id;
        backup.userId = userId;
        backup.storageKey = key;
        backup.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        backup.filename = FILENAME.format(backup.createdAt);
        backup.sizeBytes = size;
        backup.sha256 = sha256;
        backup.clientId = blankToNull(request.clientId());
        backup.label = blankToNull(request.label());
        backup.manual = true;
        backup.status = Backup.VERIFIED;
        backup.verifiedAt = backup.createdAt;
        backup.pageSize = facts.pageSize();
        backup.pageCount = facts.pageCount();
        backup.userVersion = facts.userVersion();
        backup.tableCount = facts.tableCount();
        backup.journalMode = facts.journalMode();
        backup.persist();
        return new BackupService.Uploaded(backup, false);
    }

    /**
     * Serialises, until the current transaction ends, everything that changes one user's set of backups (uploads
     * being recorded, retention), across replicas.
     */
    public void lockUser(UUID userId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "backup:" + userId)
                .getSingleResult();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
