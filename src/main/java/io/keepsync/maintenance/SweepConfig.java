package io.keepsync.maintenance;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Removal of leftovers ({@code KEEPSYNC_SWEEP_*}). */
@ConfigMapping(prefix = "keepsync.sweep")
public interface SweepConfig {

    /** Quartz cron of the sweep job ({@code off} disables it); hourly at half past by default. */
    @WithDefault("0 30 * * * ?")
    String cron();

    /** Temporary upload files, and snapshots without a row, older than this are removed. */
    @WithDefault("PT1H")
    Duration tempFileAge();

    /** Idempotency records (push mutation ids) older than this are removed. */
    @WithDefault("P7D")
    Duration mutationRetention();
}
