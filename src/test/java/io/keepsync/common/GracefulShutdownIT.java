package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.PackagedApp;
import io.keepsync.S3ProxyResource;
import io.keepsync.TestFiles;
import io.keepsync.backup.SnapshotFiles;
import io.keepsync.common.encoding.Sha256;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged application told to stop (SIGTERM, to its own pid) while a raw 50 MiB upload streams in at 12 MiB/s,
 * as a real client sends it, with nothing but the defaults: the upload finishes with 201 and is there after a restart,
 * on either store. Meanwhile readiness is down and new requests get 503. It runs with JSON logs switched on, as an
 * operator would, and every log line must then be one JSON object.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GracefulShutdownIT {

    private static final int SIZE = 50 * 1024 * 1024;
    private static final int BYTES_PER_SECOND = 12 * 1024 * 1024;

    @Test
    void on_sigterm_an_upload_in_flight_on_the_filesystem_store_finishes_and_survives_a_restart() throws Exception {
        stopMidUpload(Map.of());
    }

    @Test
    void on_sigterm_an_upload_in_flight_on_the_s3_store_finishes_and_survives_a_restart() throws Exception {
        S3ProxyResource bucket = new S3ProxyResource();
        Map<String, String> s3 = bucket.start();
        try {
            Map<String, String> env = new HashMap<>();
            s3.forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
            stopMidUpload(env);
        } finally {
            bucket.stop();
        }
    }

    private static void stopMidUpload(Map<String, String> store) throws Exception {
        Path backups = Files.createTempDirectory("keepsync-shutdown-");
        Path log = Files.createTempFile("keepsync-shutdown-", ".log");
        Path file = SnapshotFiles.create(SIZE / 4096, 4000);
        byte[] bytes = Files.readAllBytes(file);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int port = PackagedApp.freePort();
            Process service = start(port, postgres, backups, store, log);
            String id;
            try {
                awaitReady(port);
                String token = RestAssured.given().port(port).contentType(ContentType.JSON)
                        .body("{\"email\":\"stop@example.com\",\"password\":\"correct horse battery\"}")
                        .post("/api/v1/auth/register").then().statusCode(201).extract().path("accessToken");
                try (Socket upload = new Socket("localhost", port)) {
                    OutputStream out = upload.getOutputStream();
                    out.write(("POST /api/v1/backups HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    long started = System.nanoTime();
                    int sent = 0;
                    boolean stopped = false;
                    while (sent < bytes.length) {
                        int chunk = Math.min(256 * 1024, bytes.length - sent);
                        out.write(bytes, sent, chunk);
                        sent += chunk;
                        if (!stopped && sent >= bytes.length / 2) {
                            service.destroy();
                            stopped = true;
                            Thread.sleep(300);
                            assertTrue(service.isAlive(), "the process exited with an upload in flight");
                            assertEquals(503, status(port, "/q/health/ready", null));
                            HttpURLConnection refused = open(port, "/api/v1/me", token);
                            assertEquals(503, refused.getResponseCode());
                            assertEquals("5", refused.getHeaderField("Retry-After"));
                        }
                        long due = started + sent * 1_000_000_000L / BYTES_PER_SECOND;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                    out.flush();
                    String answer = new String(readAnswer(upload.getInputStream()), StandardCharsets.UTF_8);
                    assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
                    id = io.restassured.path.json.JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                            .getString("id");
                }
                assertTrue(service.waitFor(40, TimeUnit.SECONDS), "the process did not exit after its upload");
            } finally {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertJsonLogs(log);

            Process restarted = start(port, postgres, backups, store, log);
            try {
                awaitReady(port);
                String token = RestAssured.given().port(port).contentType(ContentType.JSON)
                        .body("{\"email\":\"stop@example.com\",\"password\":\"correct horse battery\"}")
                        .post("/api/v1/auth/login").then().statusCode(200).extract().path("accessToken");
                HttpURLConnection download = open(port, "/api/v1/backups/" + id + "/content", token);
                assertEquals(200, download.getResponseCode());
                assertEquals(Sha256.hex(Files.newInputStream(file)), Sha256.hex(download.getInputStream()));
            } finally {
                restarted.destroy();
                restarted.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            TestFiles.deleteTree(backups);
            Files.deleteIfExists(log);
        }
    }

    private static Process start(int port, EmbeddedPostgres postgres, Path backups, Map<String, String> store, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        env.put("KEEPSYNC_MANAGEMENT_PORT", Integer.toString(PackagedApp.freePort()));
        env.put("DATABASE_URL", "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres");
        env.put("KEEPSYNC_BACKUP_DIR", backups.toString());
        env.put("KEEPSYNC_AUTH_BCRYPT_COST", "4");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        env.putAll(store);
        return builder.start();
    }

    /** The answer's status line, headers and fixed-length body. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String text = head.toString();
        int at = text.toLowerCase().indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        return (text + new String(in.readNBytes(length), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    private static void assertJsonLogs(Path log) throws IOException {
        List<String> logLines = Files.readAllLines(log).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("WARNING: ")).toList();
        assertTrue(logLines.stream().anyMatch(line -> line.contains("Installed features")), String.join("\n", logLines));
        for (String line : logLines) {
            assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).has("message"), line);
        }
    }

    private static void awaitReady(int port) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (status(port, "/q/health/ready", null) == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service did not become ready");
    }

    private static int status(int port, String path, String token) throws Exception {
        return open(port, path, token).getResponseCode();
    }

    private static HttpURLConnection open(int port, String path, String token) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path).toURL()
                .openConnection();
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(30000);
        return connection;
    }
}
