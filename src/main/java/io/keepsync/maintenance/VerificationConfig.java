package io.keepsync.maintenance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Re-hashing of stored backups ({@code KEEPSYNC_VERIFICATION_*}). */
@ConfigMapping(prefix = "keepsync.verification")
public interface VerificationConfig {

    /** Quartz cron of the verification job ({@code off} disables it); every 10 minutes by default. */
    @WithDefault("0 */10 * * * ?")
    String cron();

    /** Backups re-hashed per run, least recently verified first. */
    @WithDefault("20")
    int batchSize();
}
