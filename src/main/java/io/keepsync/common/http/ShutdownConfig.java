package io.keepsync.common.http;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Stopping gracefully ({@code KEEPSYNC_SHUTDOWN_*}). */
@ConfigMapping(prefix = "keepsync.shutdown")
public interface ShutdownConfig {

    /**
     * How long requests in flight (uploads included) may take to finish once the service is told to stop; 30 s by
     * default, set in application.properties, where {@code quarkus.shutdown.timeout} reads it.
     */
    Duration timeout();
}
