package io.keepsync.backup.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The metadata of one stored snapshot; the bytes are in the {@code BackupStore} under {@link #storageKey}. */
@Entity
@Table(name = "backups")
public class Backup extends PanacheEntityBase {

    /** The warning of a snapshot that lost most of its content against the device's previous one. */
    public static final String SHRUNK = "shrunk";

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
    @Enumerated(EnumType.STRING)
    public BackupStatus status;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    public BackupSource source = BackupSource.upload;

    /** A server snapshot's number of records (tombstones included), pull cursor, and the last push it includes. */
    @Column(name = "record_count")
    public Long recordCount;

    @Column(name = "sync_cursor")
    public String syncCursor;

    @Column(name = "synced_through")
    public Instant syncedThrough;

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

    /**
     * Set when the snapshot lost most of its content against the newest earlier backup of the same device (the
     * {@code shrunk} warning): that backup's id and its numbers.
     */
    @Column(name = "previous_id")
    public UUID previousId;

    @Column(name = "previous_page_count")
    public Long previousPageCount;

    @Column(name = "previous_table_count")
    public Integer previousTableCount;

    public boolean shrunk() {
        return previousId != null;
    }

    /** The warnings the API shows with this backup. */
    public List<String> warnings() {
        return shrunk() ? List.of(SHRUNK) : List.of();
    }

    /**
     * Flags this snapshot when, against {@code earlier} (the newest earlier backup of the same device), it has fewer
     * tables or under half the pages.
     */
    public void compareWith(Backup earlier) {
        if (tableCount < earlier.tableCount || pageCount * 2 < earlier.pageCount) {
            previousId = earlier.id;
            previousPageCount = earlier.pageCount;
            previousTableCount = earlier.tableCount;
        }
    }
}
