package io.keepsync.sync;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and rules of sync ({@code KEEPSYNC_SYNC_*}). */
@ConfigMapping(prefix = "keepsync.sync")
public interface SyncConfig {

    /** Most changes accepted in one push; a larger push is refused whole (413). */
    @WithDefault("1000")
    int maxBatch();

    /** Largest {@code data} object of one change, in bytes of JSON; a larger one is rejected. */
    @WithDefault("262144")
    int maxDataBytes();

    /** How far ahead of the server clock a {@code lastModifiedAt} may be before it is clamped. */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** How long tombstones are kept; a cursor older than the pruned ones must refetch. */
    @WithDefault("P90D")
    Duration tombstoneRetention();

    /** Default page size of a pull. */
    @WithDefault("500")
    int defaultPullLimit();

    /** Largest page size of a pull. */
    @WithDefault("1000")
    int maxPullLimit();

    /** When set, the only entity types accepted (comma-separated). */
    Optional<Set<String>> entityTypes();
}
