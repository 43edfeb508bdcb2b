package io.keepsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: s3proxy (copied to target/s3proxy by the build) in a process of its own,
 * keeping objects in a temporary folder, with a bucket made for the test application, which it points at it.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "keepsync-test";
    public static final String ACCESS_KEY = "keepsync";
    public static final String SECRET_KEY = "keepsync-secret";

    private static volatile String endpoint;

    /** The test profile of an application keeping its snapshots in s3proxy. */
    public static class InBucket implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3ProxyResource.class));
        }
    }

    private Process process;
    private Path data;

    /** A client of the running server, for tests that look into the bucket. */
    public static S3Client client() {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @Override
    public Map<String, String> start() {
        try {
            data = Files.createTempDirectory("keepsync-s3-");
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            endpoint = "http://127.0.0.1:" + port;
            process = launch(data, port, ACCESS_KEY, SECRET_KEY);
            try (S3Client s3 = client()) {
                s3.createBucket(r -> r.bucket(BUCKET));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of("keepsync.backup.store", "s3", "keepsync.s3.bucket", BUCKET, "keepsync.s3.endpoint", endpoint,
                "keepsync.s3.path-style", "true", "keepsync.s3.access-key-id", ACCESS_KEY,
                "keepsync.s3.secret-access-key", SECRET_KEY);
    }

    /**
     * Starts s3proxy on {@code port}, keeping its objects and log under {@code data}, and returns once it listens. The
     * benchmark starts it this way too.
     */
    public static Process launch(Path data, int port, String accessKey, String secretKey)
            throws IOException, InterruptedException {
        Path properties = Files.writeString(data.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey, "s3proxy.credential=" + secretKey, "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + Files.createDirectories(data.resolve("objects"))));
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "s3proxy", "s3proxy.jar").toString(), "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(data.resolve("s3proxy.log").toFile()).start();
        return TestProcesses.awaitPort(process, port, "s3proxy (see " + data.resolve("s3proxy.log") + ")");
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            TestFiles.deleteTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
