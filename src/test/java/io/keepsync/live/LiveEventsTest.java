package io.keepsync.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.backup.SnapshotFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Devices told to pull the moment another device pushes, through PostgreSQL's LISTEN/NOTIFY. */
@QuarkusTest
@TestProfile(LiveEventsTest.FastHeartbeat.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(2);

    public static class FastHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.live.heartbeat", "PT1S");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LiveEvents events;

    private static void push(Session session, String clientId, String entityId) {
        session.given().contentType(ContentType.JSON).body(Map.of("clientId", clientId, "changes", List.of(Map.of(
                "id", entityId + "-" + clientId, "entityType", "workout", "entityId", entityId, "action", "create",
                "data", Map.of("v", 1), "lastModifiedAt", "2026-11-20T10:00:00Z")))).post("/api/v1/sync/push")
                .then().statusCode(200);
    }

    private static EventStream stream(Session session, String query) throws Exception {
        EventStream stream = new EventStream(RestAssured.port, session.accessToken(), query);
        assertEquals(200, stream.status);
        return stream;
    }

    @Test
    void a_push_reaches_every_stream_of_its_user_and_no_other_users() throws Exception {
        Session alice = TestUsers.register();
        Session bob = TestUsers.register();
        try (EventStream first = stream(alice, null);
                EventStream second = stream(alice, null);
                EventStream other = stream(bob, null)) {
            push(alice, "phone", "w-1");
            for (EventStream stream : List.of(first, second)) {
                assertEquals("connected", stream.firstComment, "the stream did not open with a comment");
                RestAssured.given().port(io.keepsync.ManagementPort.port()).get("/q/metrics").then().statusCode(200)
                        .body(org.hamcrest.Matchers.containsString("keepsync_live_streams"));
                EventStream.Event event = stream.next(WAIT);
                assertNotNull(event, "no event");
                assertEquals("changes", event.name());
                JsonPath data = JsonPath.from(event.data());
                assertEquals("phone", data.getString("clientId"));
                assertNotNull(data.getString("cursor"));
                assertTrue(data.getString("serverTime").matches(".*\\.\\d{3}Z"), event.data());
            }
            assertNull(other.next(QUIET), "another user's stream heard of the push");
        }
    }

    @Test
    void a_device_does_not_hear_of_its_own_pushes_and_hears_of_backups() throws Exception {
        Session session = TestUsers.register();
        try (EventStream phone = stream(session, "clientId=phone")) {
            push(session, "phone", "w-2");
            assertNull(phone.next(QUIET), "the device heard of its own push");
            push(session, "tablet", "w-3");
            assertEquals("tablet", JsonPath.from(phone.next(WAIT).data()).getString("clientId"));
            String id = session.given().contentType("application/octet-stream").header("X-Client-Id", "laptop")
                    .body(SnapshotFiles.create(5).toFile()).post("/api/v1/backups").then().statusCode(201).extract()
                    .path("id");
            EventStream.Event backup = phone.next(WAIT);
            assertEquals("backup", backup.name());
            assertEquals(id, JsonPath.from(backup.data()).getString("id"));
        }
    }

    @Test
    void bad_credentials_are_401_and_a_revoked_key_ends_its_stream() throws Exception {
        assertEquals(401, new EventStream(RestAssured.port, null, null).status);
        assertEquals(401, new EventStream(RestAssured.port, "ks_nope", null).status);
        Session session = TestUsers.register();
        String key = session.apiKey();
        String keyId = session.given().get("/api/v1/api-keys").then().extract().path("[0].id");
        try (EventStream device = new EventStream(RestAssured.port, key, null)) {
            assertEquals(200, device.status);
            session.given().delete("/api/v1/api-keys/" + keyId).then().statusCode(204);
            assertSame(EventStream.END, device.next(WAIT), "the stream outlived its key");
        }
    }

    @Test
    void deleting_the_account_ends_its_streams_and_refusals_are_problems() throws Exception {
        Session session = TestUsers.register();
        try (EventStream stream = stream(session, null)) {
            session.given().delete("/api/v1/me").then().statusCode(204);
            assertSame(EventStream.END, stream.next(WAIT), "the stream outlived its account");
        }
        Session other = TestUsers.register();
        RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + other.accessToken())
                .get("/api/v1/sync/events?clientId=%FF%FE").then().statusCode(400)
                .contentType("application/problem+json");
        RestAssured.given().header("Authorization", "Bearer " + session.accessToken()).get("/api/v1/sync/events")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("type", org.hamcrest.Matchers.endsWith("unauthorized"));
    }

    @Test
    void when_the_listening_connection_is_lost_every_stream_is_told_to_pull() throws Exception {
        Session session = TestUsers.register();
        try (EventStream stream = stream(session, null)) {
            awaitStreams();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                        + LiveEvents.APPLICATION_NAME + "'");
            }
            EventStream.Event hint = stream.next(Duration.ofSeconds(20));
            assertNotNull(hint, "no event after the listener reconnected");
            assertEquals("changes", hint.name());
            push(session, "tablet", "w-4");
            assertNotNull(stream.next(WAIT), "no event after the reconnect");
        }
    }

    private void awaitStreams() throws InterruptedException {
        for (int i = 0; i < 100 && events.streams() == 0; i++) {
            Thread.sleep(50);
        }
    }
}
