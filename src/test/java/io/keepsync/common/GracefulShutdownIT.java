package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestFiles;
import io.keepsync.backup.SnapshotFiles;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged application told to stop (SIGTERM) while an upload streams in: the upload finishes, then it exits. It
 * runs with JSON logs switched on, as an operator would, and every log line must then be one JSON object.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GracefulShutdownIT {

    @Test
    void on_sigterm_readiness_goes_down_new_requests_get_503_and_the_upload_in_flight_is_stored() throws Exception {
        Path backups = Files.createTempDirectory("keepsync-shutdown-");
        Path log = Files.createTempFile("keepsync-shutdown-", ".log");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("DATABASE_URL", "postgres://postgres:postgres@localhost:" + postgres.getPort()
                    + "/postgres");
            builder.environment().put("KEEPSYNC_BACKUP_DIR", backups.toString());
            builder.environment().put("KEEPSYNC_AUTH_BCRYPT_COST", "4");
            builder.environment().put("KEEPSYNC_SHUTDOWN_TIMEOUT", "30S");
            builder.environment().put("QUARKUS_LOG_CONSOLE_JSON", "true");
            Process service = builder.start();
            try {
                awaitReady(port);
                String token = RestAssured.given().port(port).contentType(ContentType.JSON)
                        .body("{\"email\":\"stop@example.com\",\"password\":\"correct horse battery\"}")
                        .post("/api/v1/auth/register").then().statusCode(201).extract().path("accessToken");
                byte[] file = Files.readAllBytes(SnapshotFiles.create(2000));
                try (Socket upload = new Socket("localhost", port)) {
                    OutputStream out = upload.getOutputStream();
                    out.write(("POST /api/v1/backups HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + file.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(file, 0, file.length / 2);
                    out.flush();
                    Thread.sleep(500);

                    service.destroy();
                    Thread.sleep(1000);
                    assertTrue(service.isAlive(), "the process exited with an upload in flight");
                    assertEquals(503, status(port, "/q/health/ready", token));
                    HttpURLConnection refused = open(port, "/api/v1/me", token);
                    assertEquals(503, refused.getResponseCode());
                    assertEquals("5", refused.getHeaderField("Retry-After"));

                    out.write(file, file.length / 2, file.length - file.length / 2);
                    out.flush();
                    InputStream in = upload.getInputStream();
                    String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                    assertEquals("HTTP/1.1 201", answer);
                }
                assertTrue(service.waitFor(40, TimeUnit.SECONDS), "the process did not exit after its upload");
            } finally {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    ResultSet rs = connection.createStatement().executeQuery("SELECT count(*), min(size_bytes) FROM backups")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the upload in flight was not recorded");
            }
            List<String> logLines = Files.readAllLines(log).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("WARNING: ")).toList();
            assertTrue(logLines.stream().anyMatch(line -> line.contains("Installed features")), String.join("\n", logLines));
            for (String line : logLines) {
                assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).has("message"), line);
            }
        } finally {
            TestFiles.deleteTree(backups);
            Files.deleteIfExists(log);
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
        connection.setReadTimeout(10000);
        return connection;
    }
}
