package io.keepsync.common.http;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** HTTP limits of our own ({@code KEEPSYNC_HTTP_*}). */
@ConfigMapping(prefix = "keepsync.http")
public interface HttpConfig {

    /** Largest JSON request body (413 above); backup uploads have their own limit. */
    @WithDefault("16M")
    MemorySize maxJsonBody();

    /** A connection that sends and receives nothing for this long is closed (half-sent requests included). */
    @WithDefault("60S")
    Duration idleTimeout();
}
