package io.keepsync.backup.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** All of the backup rows' queries. Callers hold the transaction. */
@ApplicationScoped
public class BackupRepository {

    private static final String NEWEST_FIRST = " order by createdAt desc, id desc";

    @Inject
    EntityManager em;

    public Optional<Backup> byId(UUID id) {
        return Backup.findByIdOptional(id);
    }

    public Optional<Backup> owned(UUID id, UUID userId) {
        return Backup.find("id = ?1 and userId = ?2", id, userId).firstResultOptional();
    }

    public Optional<Backup> newest(UUID userId) {
        return Backup.find("userId = ?1" + NEWEST_FIRST, userId).firstResultOptional();
    }

    /** The user's newest backup from this device; with no device, the newest of those uploaded without one. */
    public Optional<Backup> newestFrom(UUID userId, String clientId) {
        return clientId == null ? Backup.find("userId = ?1 and clientId is null" + NEWEST_FIRST, userId).firstResultOptional()
                : Backup.find("userId = ?1 and clientId = ?2" + NEWEST_FIRST, userId, clientId).firstResultOptional();
    }

    /** How many of the user's backups carry the shrunk warning. */
    public long countShrunk(UUID userId) {
        return Backup.count("userId = ?1 and previousId is not null", userId);
    }

    /** Every backup of the user, newest first. */
    public List<Backup> all(UUID userId) {
        return Backup.list("userId = ?1" + NEWEST_FIRST, userId);
    }

    /** Up to {@code size} backups, newest first, older than the given one when it is set. */
    public List<Backup> page(UUID userId, int size, Instant beforeCreatedAt, UUID beforeId) {
        if (beforeCreatedAt == null) {
            return Backup.find("userId = ?1" + NEWEST_FIRST, userId).page(0, size).list();
        }
        return Backup.find("userId = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3))" + NEWEST_FIRST, userId,
                beforeCreatedAt, beforeId).page(0, size).list();
    }

    /** Up to {@code size} backups newer than the given one (all when it is not set), newest first. */
    public List<Backup> newer(UUID userId, int size, Instant afterCreatedAt, UUID afterId) {
        if (afterCreatedAt == null) {
            return Backup.find("userId = ?1" + NEWEST_FIRST, userId).page(0, size).list();
        }
        return Backup.find("userId = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3))" + NEWEST_FIRST, userId,
                afterCreatedAt, afterId).page(0, size).list();
    }

    public long count(UUID userId) {
        return Backup.count("userId", userId);
    }

    public long storedBytes(UUID userId) {
        Number total = (Number) em.createQuery("select coalesce(sum(b.sizeBytes), 0) from Backup b where b.userId = ?1")
                .setParameter(1, userId).getSingleResult();
        return total.longValue();
    }

    public List<String> storageKeysOf(UUID userId) {
        return em.createQuery("select b.storageKey from Backup b where b.userId = ?1", String.class)
                .setParameter(1, userId).getResultList();
    }

    /** Where each backup's snapshot is and what it must hash to. */
    public record StoredSnapshot(UUID id, String storageKey, String sha256) {
    }

    public List<StoredSnapshot> allSnapshots() {
        return em.createQuery("select new " + StoredSnapshot.class.getName() + "(b.id, b.storageKey, b.sha256) "
                + "from Backup b order by b.createdAt", StoredSnapshot.class).getResultList();
    }

    public List<UUID> usersWithBackups() {
        return em.createQuery("select distinct b.userId from Backup b", UUID.class).getResultList();
    }

    /** The backups verified longest ago. */
    public List<Backup> leastRecentlyVerified(int size) {
        return Backup.<Backup> find("order by verifiedAt asc, id asc").page(0, size).list();
    }

    public void insert(Backup backup) {
        backup.persist();
    }

    public void deleteAllOf(UUID userId) {
        Backup.delete("userId", userId);
    }

    /**
     * Serialises, until the current transaction ends, everything that changes one user's set of backups (uploads
     * being recorded, retention), across replicas.
     */
    public void lockUser(UUID userId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "backup:" + userId)
                .getSingleResult();
    }
}
