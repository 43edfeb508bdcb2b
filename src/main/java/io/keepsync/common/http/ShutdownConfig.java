package io.keepsync.common.http;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Stopping gracefully ({@code KEEPSYNC_SHUTDOWN_*}). */
@ConfigMapping(prefix = "keepsync.shutdown")
public interface ShutdownConfig {

    /** How long requests in flight (uploads included) may take to finish once the service is told to stop. */
    @WithDefault("30S")
    Duration timeout();
}
