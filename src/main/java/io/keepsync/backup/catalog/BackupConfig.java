package io.keepsync.backup.catalog;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.eclipse.microprofile.config.spi.Converter;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
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

    /** Longest label of a backup, in characters. */
    @WithDefault("200")
    int maxLabelLength();

    /** Most bytes of backups one user may keep (507 above): a size such as {@code 5G}, or {@code none}. */
    @WithDefault("5G")
    @WithConverter(Quota.Reader.class)
    Quota quota();

    /** Uploads one user may have in flight at once on one instance (429 above). */
    @WithDefault("3")
    int maxUploadsPerUser();

    /** Snapshot inspections (the SQLite integrity check) running at once on one instance; the cores when unset. */
    OptionalInt maxConcurrentInspections();

    /** An inspection still running after this is interrupted and the snapshot refused as corrupt. */
    @WithDefault("PT5M")
    Duration inspectionTimeout();

    /** Scheduled server snapshots of synced records. */
    ServerSnapshots serverSnapshots();

    /** When the server snapshots each user who pushed since their last one. */
    interface ServerSnapshots {

        /** Quartz cron of the job ({@code off} disables it); daily at 03:30 by default. */
        @WithDefault("0 30 3 * * ?")
        String cron();
    }

    /** A per-user storage limit, or none. */
    record Quota(OptionalLong bytes) {

        /** Reads {@code none} (no limit) or a size ({@code 5G}, {@code 500M}, bytes). */
        public static final class Reader implements Converter<Quota> {
            @Override
            public Quota convert(String value) {
                String text = value.trim();
                if (text.toLowerCase(Locale.ROOT).equals("none")) {
                    return new Quota(OptionalLong.empty());
                }
                return new Quota(OptionalLong.of(new MemorySizeConverter().convert(text).asLongValue()));
            }
        }
    }
}
