package io.keepsync.backup.store;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The S3-compatible bucket snapshots go to when {@code keepsync.backup.store=s3} ({@code KEEPSYNC_S3_*}). */
@ConfigMapping(prefix = "keepsync.s3")
public interface S3Config {

    /** The bucket; required with the s3 store. */
    Optional<String> bucket();

    /** The service's URL (MinIO, R2, B2, …); unset for AWS S3 itself. */
    Optional<String> endpoint();

    /** The region to sign requests for. */
    @WithDefault("us-east-1")
    String region();

    /** Prefix of every object key, so that one bucket can serve several things. */
    @WithDefault("backups/")
    String prefix();

    /** Path-style addressing ({@code endpoint/bucket/key}), which MinIO and s3proxy need. */
    @WithDefault("false")
    boolean pathStyle();

    /** Access key id; unset uses the SDK's default credential chain. */
    Optional<String> accessKeyId();

    /** Secret access key, with {@code access-key-id}. */
    Optional<String> secretAccessKey();
}
