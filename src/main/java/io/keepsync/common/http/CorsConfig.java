package io.keepsync.common.http;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Which browser origins may call the API ({@code KEEPSYNC_CORS_*}). */
@ConfigMapping(prefix = "keepsync.cors")
public interface CorsConfig {

    /** Origins allowed to call the API from a browser or an Electron renderer (a comma list, or {@code *}); none when unset. */
    Optional<List<String>> origins();
}
