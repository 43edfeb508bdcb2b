package io.keepsync.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.console.ConsoleBrowser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * With the default 25-second heartbeat, a stream ends as soon as its credential is revoked (not at its next beat), and
 * no event reaches it after the revocation; a user holds at most 20 streams. ReplicasIT revokes across two replicas.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RevocationTest {

    /** Well under the heartbeat: only the revocation itself can end a stream this soon. */
    private static final Duration SOON = Duration.ofSeconds(3);

    private static void push(Session session, String entityId) {
        session.given().contentType(ContentType.JSON).body(Map.of("clientId", "tablet", "changes", List.of(Map.of(
                "id", entityId, "entityType", "workout", "entityId", entityId, "action", "create", "data",
                Map.of("v", 1), "lastModifiedAt", "2026-11-20T10:00:00Z")))).post("/api/v1/sync/push")
                .then().statusCode(200);
    }

    private static EventStream open(String credential) throws Exception {
        EventStream stream = new EventStream(RestAssured.port, credential, null);
        assertEquals(200, stream.status);
        return stream;
    }

    /** Asserts the stream ends soon and that nothing but its end comes first. */
    private static void assertEndsAtOnce(EventStream stream) throws InterruptedException {
        long start = System.nanoTime();
        assertSame(EventStream.END, stream.next(SOON), "the stream did not end at once, or got an event first");
        io.keepsync.Measured.report("stream ended after its credential was revoked (ms)",
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void a_revoked_keys_stream_ends_at_once_and_gets_nothing_after() throws Exception {
        Session owner = TestUsers.register();
        var created = owner.given().contentType(ContentType.JSON).body(Map.of("name", "phone"))
                .post("/api/v1/api-keys").then().statusCode(201).extract();
        try (EventStream keyStream = open(created.path("key")); EventStream ownerStream = open(owner.accessToken())) {
            push(owner, "before");
            assertEquals("changes", keyStream.next(SOON).name());
            assertEquals("changes", ownerStream.next(SOON).name());

            owner.given().delete("/api/v1/api-keys/" + created.path("id")).then().statusCode(204);
            push(owner, "after");

            assertEndsAtOnce(keyStream);
            assertEquals("changes", ownerStream.next(SOON).name(), "a stream of a credential still valid stopped");
        }
    }

    @Test
    void logging_out_ends_the_streams_of_that_sessions_access_token() throws Exception {
        Session user = TestUsers.register();
        try (EventStream stream = open(user.accessToken())) {
            user.given().contentType(ContentType.JSON).body(Map.of("refreshToken", user.refreshToken()))
                    .post("/api/v1/auth/logout").then().statusCode(204);
            assertEndsAtOnce(stream);
        }
    }

    @Test
    void a_password_change_ends_the_other_sessions_streams_and_keeps_this_ones() throws Exception {
        Session phone = TestUsers.register();
        String laptop = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", phone.email(), "password", TestUsers.PASSWORD)).post("/api/v1/auth/login")
                .then().statusCode(200).extract().path("accessToken");
        try (EventStream mine = open(phone.accessToken()); EventStream other = open(laptop)) {
            phone.given().contentType(ContentType.JSON).body(Map.of("currentPassword", TestUsers.PASSWORD,
                    "newPassword", "another good password")).post("/api/v1/me/password").then().statusCode(204);
            assertEndsAtOnce(other);
            push(phone, "after-password-change");
            EventStream.Event next = mine.next(SOON);
            assertNotNull(next, "the stream of the session that changed the password stopped");
            assertEquals("changes", next.name());
        }
    }

    @Test
    void signing_out_of_the_console_ends_its_stream() throws Exception {
        Session user = TestUsers.register();
        ConsoleBrowser browser = ConsoleBrowser.signIn(user);
        try (EventStream stream = EventStream.console(RestAssured.port, browser.cookie())) {
            assertEquals(200, stream.status);
            browser.given().post("/signout").then().statusCode(204);
            assertEndsAtOnce(stream);
        }
    }

    @Test
    void deleting_the_account_ends_its_streams() throws Exception {
        Session user = TestUsers.register();
        try (EventStream stream = open(user.accessToken())) {
            user.given().delete("/api/v1/me").then().statusCode(204);
            assertEndsAtOnce(stream);
        }
    }

    @Test
    void one_user_holds_at_most_twenty_streams() throws Exception {
        Session user = TestUsers.register();
        List<EventStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                streams.add(open(user.accessToken()));
            }
            RestAssured.given().header("Authorization", "Bearer " + user.accessToken()).get("/api/v1/sync/events")
                    .then().statusCode(429).contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("type", org.hamcrest.Matchers.equalTo("https://keepsync.io/problems/too-many-streams"));
            // Another user is not limited by this one's streams.
            try (EventStream other = new EventStream(RestAssured.port, TestUsers.register().accessToken(), null)) {
                assertEquals(200, other.status);
            }
            streams.remove(0).close();
            Thread.sleep(500);
            streams.add(open(user.accessToken()));
        } finally {
            streams.forEach(EventStream::close);
        }
    }
}
