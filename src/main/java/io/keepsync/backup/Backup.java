package io.keepsync.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The metadata of one stored snapshot; the bytes are in the {@link BackupStore} under {@link #storageKey}. */
@Entity
@Table(name = "backups")
public class Backup extends PanacheEntityBase {

    public static final String VERIFIED = "verified";
    public static final String DAMAGED = "damaged";
    public static final String MISSING = "missing";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "storage_key", nullable = false)
    public String storageKey;

    @Column(nullable = false)
    public String filename;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "client_id")
    public String clientId;

    public String label;

    public boolean pinned;

    public boolean manual;

    @Column(nullable = false)
    public String status;

    @Column(name = "verified_at", nullable = false)
    public Instant verifiedAt;

    @Column(name = "page_size")
    public int pageSize;

    @Column(name = "page_count")
    public long pageCount;

    @Column(name = "user_version")
    public int userVersion;

    @Column(name = "table_count")
    public int tableCount;

    @Column(name = "journal_mode")
    public String journalMode;

    public static Optional<Backup> findOwned(UUID id, UUID userId) {
        return find("id = ?1 and userId = ?2", id, userId).firstResultOptional();
    }

    public static Optional<Backup> newestOf(UUID userId) {
        return find("userId = ?1 order by createdAt desc, id desc", userId).firstResultOptional();
    }

    public static List<Backup> listOf(UUID userId) {
        return list("userId = ?1 order by createdAt desc, id desc", userId);
    }
}
