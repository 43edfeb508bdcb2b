package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A bounded, seeded fuzz of every endpoint: random and truncated bodies, mistyped and huge values, deep nesting,
 * broken unicode, bad headers and cursors. No answer may be a 5xx, every refusal is a problem document, and the
 * service is healthy afterwards. The seed is fixed, so a failure reproduces.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FuzzTest {

    private static final long SEED = 20261202L;
    private static final int REQUESTS = 3000;

    private static final String[][] ENDPOINTS = {
            { "POST", "/api/v1/auth/register" }, { "POST", "/api/v1/auth/login" }, { "POST", "/api/v1/auth/refresh" },
            { "POST", "/api/v1/auth/logout" }, { "GET", "/api/v1/me" }, { "POST", "/api/v1/api-keys" },
            { "GET", "/api/v1/api-keys" }, { "DELETE", "/api/v1/api-keys/{id}" }, { "POST", "/api/v1/sync/push" },
            { "GET", "/api/v1/sync/pull" }, { "GET", "/api/v1/sync/status" }, { "POST", "/api/v1/backups" },
            { "POST", "/api/backup" }, { "GET", "/api/v1/backups" }, { "GET", "/api/v1/backups/summary" },
            { "GET", "/api/v1/backups/{id}" }, { "GET", "/api/v1/backups/{id}/content" },
            { "GET", "/api/v1/backups/latest/content" }, { "PATCH", "/api/v1/backups/{id}" },
            { "DELETE", "/api/v1/backups/{id}" }, { "POST", "/api/v1/backups/snapshot" },
            { "POST", "/api/v1/sync/restore" } };

    private static final String[] QUERY_NAMES = { "since", "limit", "entityTypes", "excludeClientId", "clientId",
            "before", "label" };

    private final Random random = new Random(SEED);
    private Session session;
    private String backupId;
    private byte[] snapshot;

    @Test
    void no_input_gets_a_5xx_every_refusal_is_a_problem_and_the_service_stays_healthy() throws Exception {
        session = TestUsers.register();
        snapshot = java.nio.file.Files.readAllBytes(SnapshotFiles.create(3));
        backupId = session.given().contentType("application/octet-stream").body(snapshot).post("/api/v1/backups")
                .then().statusCode(201).extract().path("id");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS && failures.size() < 10; i++) {
            String[] endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
            HttpRequest request = request(endpoint[0], endpoint[1]);
            HttpResponse<byte[]> answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (answer.statusCode() >= 500) {
                failures.add(i + ": " + request.method() + " " + request.uri() + " -> " + answer.statusCode() + " "
                        + new String(answer.body(), StandardCharsets.UTF_8));
            } else if (answer.statusCode() >= 400 && !type.startsWith("application/problem+json")) {
                failures.add(i + ": " + request.method() + " " + request.uri() + " -> " + answer.statusCode()
                        + " as " + type);
            }
        }
        assertEquals(List.of(), failures);
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
    }

    private HttpRequest request(String method, String path) {
        String resolved = path.replace("{id}", pick(backupId, java.util.UUID.randomUUID().toString(), "not-a-uuid",
                "%00", "..%2F..%2Fetc"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(resolved + query())).timeout(Duration.ofSeconds(30));
        int auth = random.nextInt(10);
        if (auth < 7) {
            builder.header("Authorization", "Bearer " + session.accessToken());
        } else if (auth < 9) {
            builder.header("Authorization", pick("Bearer ", "Bearer ks_" + word(20), "Bearer eyJ" + word(60),
                    "Basic Zm9vOmJhcg==", "Bearer " + session.accessToken() + "x"));
        }
        if (random.nextInt(3) == 0) {
            builder.header(pick("Range", "If-None-Match", "If-Range", "Content-Digest", "X-Content-SHA256",
                    "X-Client-Id", "X-Backup-Label", "Accept"), headerValue());
        }
        byte[] body = method.equals("GET") || method.equals("DELETE") && random.nextBoolean() ? null : body();
        if (body != null) {
            builder.header("Content-Type", pick("application/json", "application/octet-stream",
                    "multipart/form-data; boundary=xyz", "text/plain", "application/merge-patch+json",
                    "application/vnd.sqlite3", "multipart/form-data"));
        }
        return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private String query() {
        if (random.nextBoolean()) {
            return "";
        }
        StringBuilder query = new StringBuilder("?");
        for (int i = random.nextInt(3); i >= 0; i--) {
            query.append(pick(QUERY_NAMES)).append('=').append(pick("9999999999999999", "%2B999999999-12-31T23:59:59Z",
                    "1e9", "-1", "0", "1000000", "%00", "%C0%AF", "%F4%90%80%80", "%ED%A0%80", "a%25ZZ",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(word(30).getBytes(StandardCharsets.UTF_8)),
                    "a1s6OjEyMzQ1", "workout,%20,UPPER", word(8))).append('&');
        }
        return query.toString();
    }

    private String headerValue() {
        return pick("bytes=" + random.nextInt() + "-" + random.nextInt(), "bytes=-0", "bytes=5-1,2-3", "*", "W/\"x\"",
                "\"" + word(64) + "\"", "sha-256=:" + word(10) + ":", "zz", "Wed, 21 Oct 2015 07:28:00 GMT",
                word(300), "");
    }

    private byte[] body() {
        return switch (random.nextInt(12)) {
            case 0 -> randomBytes(random.nextInt(2000));
            case 1 -> truncated(validJson());
            case 2 -> validJson().getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"email\":" + random.nextLong() + ",\"password\":[1,2],\"name\":{},\"clientId\":true,"
                    + "\"changes\":\"no\",\"label\":1e999,\"pinned\":\"yes\",\"refreshToken\":null}")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"clientId\":\"c\",\"changes\":[{\"id\":\"x\",\"entityType\":\"w\",\"entityId\":\"e\","
                    + "\"action\":\"create\",\"data\":{},\"lastModifiedAt\":" + pick("18446744073709552616", "1e9999999999",
                            "-99999999999999999999", "\"+999999999-01-01T00:00:00Z\"", "{}", "[]", "true")
                    + "}]}").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("[".repeat(3000) + "]".repeat(3000)).getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)).getBytes(StandardCharsets.UTF_8);
            case 7 -> brokenUnicode();
            case 8 -> snapshot;
            case 9 -> truncated(snapshot);
            case 10 -> ("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" + word(100))
                    .getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    private String validJson() {
        return pick("{\"email\":\"" + TestUsers.freshEmail() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}",
                "{\"name\":\"" + word(10) + "\"}", "{\"label\":\"" + word(5) + "\",\"pinned\":true}",
                "{\"refreshToken\":\"" + word(43) + "\"}",
                "{\"clientId\":\"fuzz\",\"changes\":[{\"id\":\"" + word(8) + "\",\"entityType\":\"workout\","
                        + "\"entityId\":\"" + word(4) + "\",\"action\":\"" + pick("create", "update", "delete", "x")
                        + "\",\"data\":{\"v\":" + random.nextInt() + "},\"lastModifiedAt\":\"2026-11-20T10:00:00Z\"}]}");
    }

    private byte[] brokenUnicode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"email\":\"a".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(pick(new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, new byte[] { (byte) 0xFF },
                "\\ud800".getBytes(StandardCharsets.US_ASCII), "\\u0000".getBytes(StandardCharsets.US_ASCII)));
        out.writeBytes(("@example.com\",\"password\":\"" + TestUsers.PASSWORD + "\",\"name\":\"n\",\"label\":\"l\","
                + "\"clientId\":\"c\",\"changes\":[]}").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] truncated(String text) {
        return truncated(text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] truncated(byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String word(int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }
}
