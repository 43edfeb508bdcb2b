package io.keepsync.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Live event streams ({@code KEEPSYNC_LIVE_*}). */
@ConfigMapping(prefix = "keepsync.live")
public interface LiveConfig {

    /** How often an idle stream gets a comment (keeps proxies from closing it) and its credential is checked again. */
    @WithDefault("25S")
    Duration heartbeat();

    /** Streams one user may hold open at once on one instance (429 above). */
    @WithDefault("20")
    int maxStreamsPerUser();
}
