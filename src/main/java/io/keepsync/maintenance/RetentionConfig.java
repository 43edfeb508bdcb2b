package io.keepsync.maintenance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Pruning of old backups ({@code KEEPSYNC_RETENTION_*}). */
@ConfigMapping(prefix = "keepsync.retention")
public interface RetentionConfig {

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
