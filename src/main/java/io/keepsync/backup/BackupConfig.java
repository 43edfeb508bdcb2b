package io.keepsync.backup;

import java.util.OptionalLong;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where and how much backups are stored ({@code KEEPSYNC_BACKUP_*}). */
@ConfigMapping(prefix = "keepsync.backup")
public interface BackupConfig {

    /** Where snapshots are kept: {@code filesystem} (under {@code dir}) or {@code s3} ({@code KEEPSYNC_S3_*}). */
    @WithDefault("filesystem")
    Store store();

    /** The kinds of snapshot storage. */
    enum Store {
        FILESYSTEM,
        S3
    }

    /** Directory of the backup files (a persistent volume in production); Railway's volume when it mounts one. */
    @WithDefault("${RAILWAY_VOLUME_MOUNT_PATH:data/backups}")
    String dir();

    /** Largest snapshot accepted (413 above): bytes, or a size such as {@code 1G}. */
    @WithDefault("1G")
    MemorySize maxSize();

    /** Most bytes of backups one user may keep (507 above); unlimited when unset. */
    OptionalLong quota();
}
