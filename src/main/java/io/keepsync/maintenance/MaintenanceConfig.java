package io.keepsync.maintenance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Schedules and rules of the maintenance jobs ({@code KEEPSYNC_RETENTION_*}, {@code KEEPSYNC_VERIFICATION_*}, ...). */
@ConfigMapping(prefix = "keepsync")
public interface MaintenanceConfig {

    /** Pruning of old backups. */
    Retention retention();

    /** Re-hashing of stored backups. */
    Verification verification();

    /** Removal of leftovers. */
    Sweep sweep();

    interface Retention {
        /** Quartz cron of the retention job ({@code off} disables it); hourly by default. */
        @WithDefault("0 0 * * * ?")
        String cron();

        /** Keep the N newest backups (0 turns the rule off). */
        @WithDefault("10")
        int keepLast();

        /** Keep the newest backup of each of the D most recent days that have one. */
        @WithDefault("7")
        int keepDaily();

        /** Keep the newest backup of each of the W most recent ISO weeks that have one. */
        @WithDefault("4")
        int keepWeekly();

        /** Keep the newest backup of each of the M most recent months that have one. */
        @WithDefault("12")
        int keepMonthly();
    }

    interface Verification {
        /** Quartz cron of the verification job; every 10 minutes by default. */
        @WithDefault("0 */10 * * * ?")
        String cron();

        /** Backups re-hashed per run, least recently verified first. */
        @WithDefault("20")
        int batchSize();
    }

    interface Sweep {
        /** Quartz cron of the sweep job; hourly at half past by default. */
        @WithDefault("0 30 * * * ?")
        String cron();

        /** Temporary upload files older than this are removed. */
        @WithDefault("PT1H")
        java.time.Duration tempFileAge();

        /** Idempotency records (push mutation ids) older than this are removed. */
        @WithDefault("P7D")
        java.time.Duration mutationRetention();
    }
}
