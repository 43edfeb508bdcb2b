package io.keepsync.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.PackagedApp;
import io.keepsync.S3ProxyResource;
import io.keepsync.TestFiles;
import io.keepsync.common.encoding.Sha256;
import io.keepsync.live.EventStream;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two packaged replicas with 128 MiB heaps and no shared disk, on one PostgreSQL and one bucket: what one stores the
 * other serves, and the scheduled jobs (verification, retention) run on whichever takes their lock.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReplicasIT {

    @Test
    void replicas_share_only_the_database_and_the_bucket() throws Exception {
        S3ProxyResource bucket = new S3ProxyResource();
        Map<String, String> s3 = bucket.start();
        List<Path> dirs = new ArrayList<>();
        List<Process> replicas = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int[] ports = { freePort(), freePort() };
            for (int port : ports) {
                Path dir = Files.createTempDirectory("keepsync-replica-");
                dirs.add(dir);
                replicas.add(start(port, dir, postgres, s3));
            }
            for (int port : ports) {
                awaitReady(port);
            }
            String token = RestAssured.given().port(ports[0]).contentType(ContentType.JSON)
                    .body("{\"email\":\"replicas@example.com\",\"password\":\"correct horse battery\"}")
                    .post("/api/v1/auth/register").then().statusCode(201).extract().path("accessToken");

            // A device listening on the second replica hears of what happens on the first.
            EventStream listening = new EventStream(ports[1], token, "clientId=tablet");
            assertEquals(200, listening.status);
            RestAssured.given().port(ports[0]).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body("{\"clientId\":\"phone\",\"changes\":[{\"id\":\"m-1\",\"entityType\":\"workout\","
                            + "\"entityId\":\"w-1\",\"action\":\"create\",\"data\":{},"
                            + "\"lastModifiedAt\":\"2026-11-20T10:00:00Z\"}]}")
                    .post("/api/v1/sync/push").then().statusCode(200);
            EventStream.Event pushed = listening.next(Duration.ofSeconds(10));
            assertEquals("changes", pushed == null ? null : pushed.name(), "no event crossed to the other replica");

            // Far larger than either replica's heap.
            Path big = SnapshotFiles.create(50_000, 4000);
            String sha = Sha256.hex(Files.newInputStream(big));
            String id = uploadTo(ports[0], token, big);
            EventStream.Event stored = listening.next(Duration.ofSeconds(10));
            assertEquals("backup", stored == null ? null : stored.name(), "the backup's event did not cross");
            listening.close();

            // A key revoked on one replica ends its stream on the other at once, and no event reaches it after.
            var key = RestAssured.given().port(ports[0]).header("Authorization", "Bearer " + token)
                    .contentType(ContentType.JSON).body("{\"name\":\"phone\"}").post("/api/v1/api-keys").then()
                    .statusCode(201).extract();
            try (EventStream keyStream = new EventStream(ports[1], key.path("key"), null)) {
                assertEquals(200, keyStream.status);
                RestAssured.given().port(ports[0]).header("Authorization", "Bearer " + token)
                        .delete("/api/v1/api-keys/" + key.path("id")).then().statusCode(204);
                RestAssured.given().port(ports[0]).header("Authorization", "Bearer " + token)
                        .contentType(ContentType.JSON)
                        .body("{\"clientId\":\"phone\",\"changes\":[{\"id\":\"m-2\",\"entityType\":\"workout\","
                                + "\"entityId\":\"w-2\",\"action\":\"create\",\"data\":{},"
                                + "\"lastModifiedAt\":\"2026-11-20T10:00:00Z\"}]}")
                        .post("/api/v1/sync/push").then().statusCode(200);
                assertEquals(EventStream.END, keyStream.next(Duration.ofSeconds(3)),
                        "the revoked key's stream on the other replica did not end at once, or got an event");
            }

            RestAssured.given().port(ports[1]).header("Authorization", "Bearer " + token).get("/api/v1/backups")
                    .then().statusCode(200).body("items[0].id", org.hamcrest.Matchers.equalTo(id));
            HttpURLConnection whole = get(ports[1], token, "/api/v1/backups/" + id + "/content", null);
            assertEquals(200, whole.getResponseCode());
            assertEquals(sha, Sha256.hex(whole.getInputStream()));
            HttpURLConnection range = get(ports[1], token, "/api/v1/backups/" + id + "/content", "bytes=1000-1999");
            assertEquals(206, range.getResponseCode());
            byte[] expected = new byte[1000];
            try (InputStream in = Files.newInputStream(big)) {
                in.skipNBytes(1000);
                in.readNBytes(expected, 0, 1000);
            }
            assertArrayEquals(expected, range.getInputStream().readAllBytes());

            // Verification, every few seconds on both replicas, notices a changed object whichever one runs it.
            String object = "backups/users/" + userOf(postgres, id) + "/" + id + ".sqlite";
            try (S3Client client = S3ProxyResource.client()) {
                client.putObject(r -> r.bucket(S3ProxyResource.BUCKET).key(object),
                        RequestBody.fromBytes(new byte[] { 1, 2, 3 }));
            }
            poll(() -> status(postgres, id), "damaged", "verification never marked backup " + id + " damaged");

            RestAssured.given().port(ports[1]).header("Authorization", "Bearer " + token)
                    .delete("/api/v1/backups/" + id).then().statusCode(204);
            try (S3Client client = S3ProxyResource.client()) {
                assertEquals(0, client.listObjectsV2(r -> r.bucket(S3ProxyResource.BUCKET).prefix("backups/users/"))
                        .keyCount(), "the object outlived its backup");
            }
            // Retention, every few seconds on both replicas with keep-last 1, removes the older of two backups, row
            // and object, whichever replica takes its lock.
            String older = uploadTo(ports[0], token, SnapshotFiles.create(10, 100));
            String newer = uploadTo(ports[1], token, SnapshotFiles.create(20, 100));
            poll(() -> single(postgres, "SELECT count(*) FROM backups WHERE id = '" + older + "'"), "0",
                    "retention never removed backup " + older);
            // Retention deletes the row first, then the object: wait for the object too.
            try (S3Client client = S3ProxyResource.client()) {
                poll(() -> client.listObjectsV2(r -> r.bucket(S3ProxyResource.BUCKET).prefix("backups/users/"))
                        .contents().stream().map(S3Object::key).toList(),
                        List.of("backups/users/" + userOf(postgres, newer) + "/" + newer + ".sqlite"),
                        "retention left the older backup's object behind");
            }
            for (Path dir : dirs) {
                try (var files = Files.walk(dir)) {
                    assertTrue(files.noneMatch(file -> file.toString().endsWith(".sqlite")),
                            "a replica kept a snapshot on its own disk: " + dir);
                }
            }
        } finally {
            for (Process replica : replicas) {
                replica.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
            bucket.stop();
            for (Path dir : dirs) {
                TestFiles.deleteTree(dir);
                Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".log"));
            }
        }
    }

    private static Process start(int port, Path dir, EmbeddedPostgres postgres, Map<String, String> s3)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command()).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        env.put("KEEPSYNC_MANAGEMENT_PORT", Integer.toString(freePort()));
        env.put("DATABASE_URL", "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres");
        env.put("KEEPSYNC_BACKUP_DIR", dir.toString());
        env.put("KEEPSYNC_AUTH_BCRYPT_COST", "4");
        env.put("KEEPSYNC_VERIFICATION_CRON", "*/2 * * * * ?");
        env.put("KEEPSYNC_RETENTION_CRON", "*/2 * * * * ?");
        env.put("KEEPSYNC_RETENTION_KEEP_LAST", "1");
        env.put("KEEPSYNC_RETENTION_KEEP_DAILY", "0");
        env.put("KEEPSYNC_RETENTION_KEEP_WEEKLY", "0");
        env.put("KEEPSYNC_RETENTION_KEEP_MONTHLY", "0");
        s3.forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        return builder.start();
    }

    private static String uploadTo(int port, String token, Path file) throws IOException {
        HttpURLConnection upload = (HttpURLConnection) URI.create("http://localhost:" + port + "/api/v1/backups").toURL()
                .openConnection();
        upload.setRequestMethod("POST");
        upload.setDoOutput(true);
        upload.setFixedLengthStreamingMode(Files.size(file));
        upload.setRequestProperty("Authorization", "Bearer " + token);
        upload.setRequestProperty("Content-Type", "application/octet-stream");
        try (OutputStream out = upload.getOutputStream()) {
            Files.copy(file, out);
        }
        String body = new String(upload.getInputStream().readAllBytes());
        assertEquals(201, upload.getResponseCode(), body);
        return io.restassured.path.json.JsonPath.from(body).getString("id");
    }

    private static HttpURLConnection get(int port, String token, String path, String range) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path).toURL()
                .openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + token);
        if (range != null) {
            connection.setRequestProperty("Range", range);
        }
        return connection;
    }

    private static String userOf(EmbeddedPostgres postgres, String id) throws Exception {
        return single(postgres, "SELECT user_id FROM backups WHERE id = '" + id + "'");
    }

    private static String status(EmbeddedPostgres postgres, String id) throws Exception {
        return single(postgres, "SELECT status FROM backups WHERE id = '" + id + "'");
    }

    /** The first column of the first row, as text. */
    private static String single(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Reads until the value is the expected one, for up to 30 s; fails with the last value read. */
    private static <T> void poll(Callable<T> read, T expected, String failure) throws Exception {
        T seen = read.call();
        for (int i = 0; i < 150 && !expected.equals(seen); i++) {
            Thread.sleep(200);
            seen = read.call();
        }
        assertEquals(expected, seen, failure);
    }

    private static void awaitReady(int port) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                HttpURLConnection ready = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready")
                        .toURL().openConnection();
                if (ready.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("replica on port " + port + " did not become ready");
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
