package io.keepsync.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Snapshots in an S3-compatible bucket (AWS S3, R2, B2, MinIO, …), under {@code keepsync.s3.prefix} with the same keys
 * as on a filesystem. Uploads are received and verified in {@link LocalStaging} first, then sent as a multipart
 * upload read from that file a part at a time (memory stays bounded whatever the size), and an upload that fails is
 * aborted so that no object is left. With it the replicas share nothing but PostgreSQL and the bucket.
 */
@ApplicationScoped
@Typed(S3BackupStore.class)
public class S3BackupStore implements BackupStore {

    /** Parts of a multipart upload; S3 wants at least 5 MiB for all but the last. */
    static final int PART_SIZE = 8 * 1024 * 1024;

    @Inject
    S3Config config;

    @Inject
    LocalStaging staging;

    private S3Client s3;
    private String bucket;

    @PostConstruct
    void init() {
        bucket = config.bucket().orElse("");
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle());
        config.endpoint().filter(endpoint -> !endpoint.isBlank()).map(URI::create).ifPresent(builder::endpointOverride);
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        s3 = builder.build();
    }

    @PreDestroy
    void close() {
        s3.close();
    }

    private String object(String key) {
        return config.prefix() + key;
    }

    /** Sends the staged file as a multipart upload, then removes it; a failure aborts the upload and leaves nothing. */
    @Override
    public String commit(Path stagedFile, UUID userId, UUID backupId) throws IOException {
        String key = BackupStore.key(userId, backupId);
        put(stagedFile, key);
        Files.deleteIfExists(stagedFile);
        return key;
    }

    /** Sends a file as a multipart upload under the key, a part at a time; a failure aborts it and leaves nothing. */
    void put(Path file, String key) throws IOException {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(object(key))
                .contentType("application/vnd.sqlite3")).uploadId();
        try {
            long size = Files.size(file);
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size || number == 1; offset += PART_SIZE, number++) {
                long length = Math.min(PART_SIZE, size - offset);
                long from = offset;
                int part = number;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(object(key)).uploadId(uploadId).partNumber(part)
                        .contentLength(length), RequestBody.fromContentProvider(() -> region(file, from, length),
                                length, "application/octet-stream"))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(object(key)).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | SdkException e) {
            abort(key, uploadId);
            throw e instanceof IOException io ? io : new IOException("The snapshot could not be sent to the bucket", e);
        }
    }

    /** A stream of {@code length} bytes of the file from {@code offset}, opened anew for every attempt of a part. */
    private static InputStream region(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new BoundedStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(object(key)).uploadId(uploadId));
        } catch (SdkException e) {
            Log.warnf(e, "Could not abort the multipart upload of %s; the bucket's lifecycle rules remove it", key);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(object(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(object(key)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        }
    }

    @Override
    public SnapshotBytes read(String key, long offset, long length) throws IOException {
        try {
            return new SnapshotBytes.Stream(s3.getObject(r -> r.bucket(bucket).key(object(key))
                    .range("bytes=" + offset + "-" + (offset + length - 1))));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        }
    }

    @Override
    public boolean delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(object(key)));
        return true;
    }

    @Override
    public void deleteUser(UUID userId) {
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)
                .prefix(config.prefix() + USERS + "/" + userId + "/")).contents()) {
            s3.deleteObject(r -> r.bucket(bucket).key(object.key()));
        }
    }

    @Override
    public List<StoredObject> list() {
        List<StoredObject> objects = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(config.prefix() + USERS + "/"))
                .contents()) {
            String key = object.key().substring(config.prefix().length());
            String[] parts = key.split("/");
            try {
                objects.add(new StoredObject(key, UUID.fromString(parts[1]), object.lastModified()));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                // not one of ours
            }
        }
        return objects;
    }

    /** The bucket answers a HEAD, and the local staging folder takes files. */
    @Override
    public Health probe() {
        String location = "s3://" + bucket + "/" + config.prefix();
        if (bucket.isBlank()) {
            return new Health(false, location, "no bucket: set KEEPSYNC_S3_BUCKET");
        }
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (SdkException e) {
            return new Health(false, location, "the bucket does not answer (" + e.getMessage() + "); check "
                    + "KEEPSYNC_S3_BUCKET, KEEPSYNC_S3_ENDPOINT, KEEPSYNC_S3_REGION and the credentials");
        }
        return staging.probe(location);
    }

    /** At most {@code left} bytes of a stream. */
    private static final class BoundedStream extends java.io.FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
