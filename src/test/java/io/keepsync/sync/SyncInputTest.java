package io.keepsync.sync;

import static io.keepsync.sync.SyncApi.pull;
import static io.keepsync.sync.SyncApi.rowsOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** What real clients send that is not quite right: huge numbers, broken text, NULs. Kept exactly or refused. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SyncInputTest {

    private static final String T = "\"2026-11-20T10:00:00.000Z\"";

    @Inject
    AgroalDataSource dataSource;

    /** A change as raw JSON text, so that numbers and escapes go over the wire exactly as written here. */
    private static String change(String id, String entityId, String timestampFields, String data) {
        return "{\"id\":\"" + id + "\",\"entityType\":\"workout\",\"entityId\":" + entityId
                + ",\"action\":\"create\",\"data\":" + data + (timestampFields.isEmpty() ? "" : "," + timestampFields)
                + "}";
    }

    private static Response pushRaw(Session session, byte[] body) {
        return session.given().contentType(ContentType.JSON).body(body).post("/api/v1/sync/push");
    }

    private static Response pushRaw(Session session, String clientId, List<String> changes) {
        return pushRaw(session, ("{\"clientId\":" + clientId + ",\"changes\":[" + String.join(",", changes) + "]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_timestamp_outside_1970_to_9999_in_any_form_rejects_that_change_only() throws Exception {
        Session session = TestUsers.register();
        List<String> changes = List.of(
                change("m1", "\"a\"", "\"lastModifiedAt\":18446744073709552616", "{}"),
                change("m2", "\"b\"", "", "{\"lastModifiedAt\":18446744073709552616}"),
                change("m3", "\"c\"", "\"createdAt\":18446744073709552616", "{}"),
                change("m4", "\"d\"", "\"lastModifiedAt\":1e9999999999", "{}"),
                change("m5", "\"e\"", "", "{\"lastModifiedAt\":1e9999999999}"),
                change("m6", "\"f\"", "\"createdAt\":1e9999999999", "{}"),
                change("m7", "\"g\"", "\"lastModifiedAt\":\"+10000-01-01T00:00:00Z\"", "{}"),
                change("m8", "\"h\"", "\"lastModifiedAt\":-1", "{}"),
                change("m9", "\"i\"", "\"lastModifiedAt\":\"9999999999999999\"", "{}"),
                change("m10", "\"ok\"", "\"lastModifiedAt\":" + T, "{}"));
        pushRaw(session, "\"pixel\"", changes).then().statusCode(200)
                .body("results.status", contains("rejected", "rejected", "rejected", "rejected", "rejected",
                        "rejected", "rejected", "rejected", "rejected", "applied"))
                .body("success", contains("m10"));
        pull(session, Map.of()).then().statusCode(200).body("changes.entityId", contains("ok"));
    }

    @Test
    void a_since_out_of_range_is_a_400_problem() {
        Session session = TestUsers.register();
        for (String since : List.of("9999999999999999", "+999999999-12-31T23:59:59Z", "1969-12-31T23:59:59Z")) {
            pull(session, Map.of("since", since)).then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", contains("since"));
        }
    }

    @Test
    void ids_with_lone_surrogates_or_malformed_utf8_are_rejected_and_nothing_of_them_is_stored() throws Exception {
        Session session = TestUsers.register();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"clientId\":\"pixel\",\"changes\":[" + change("s1", "\"\\ud800\"", "\"lastModifiedAt\":" + T, "{}")
                + "," + change("s2", "\"a\\ud83d\"", "\"lastModifiedAt\":" + T, "{}")
                + "," + change("s3", "\"\\udc00x\"", "\"lastModifiedAt\":" + T, "{}")
                + ",{\"id\":\"s4\",\"entityType\":\"workout\",\"entityId\":\"e").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] { (byte) 0xC0, (byte) 0xAF });
        body.writeBytes(("\",\"action\":\"create\",\"data\":{},\"lastModifiedAt\":" + T
                + "},{\"id\":\"s5\",\"entityType\":\"workout\",\"entityId\":\"f").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 });
        body.writeBytes(("\",\"action\":\"create\",\"data\":{},\"lastModifiedAt\":" + T + "},"
                + change("\\ud800", "\"m\"", "\"lastModifiedAt\":" + T, "{}") + ","
                + change("s7", "\"ok\"", "\"lastModifiedAt\":" + T, "{}") + "]}").getBytes(StandardCharsets.UTF_8));

        pushRaw(session, body.toByteArray()).then().statusCode(200)
                .body("results.status", contains("rejected", "rejected", "rejected", "rejected", "rejected", "rejected",
                        "applied"))
                .body("failed", hasSize(6));
        pull(session, Map.of()).then().statusCode(200).body("changes.entityId", contains("ok"));
        assertEquals(1, rowsOf(dataSource, "sync_records", session));
    }

    @Test
    void a_client_id_with_broken_text_is_a_400_problem_and_changes_nothing() throws Exception {
        Session session = TestUsers.register();
        pushRaw(session, "\"a\\udfff\"", List.of(change("x", "\"ok\"", "\"lastModifiedAt\":" + T, "{}")))
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("clientId"));
        pushRaw(session, "\"nul\\u0000\"", List.of(change("y", "\"ok\"", "\"lastModifiedAt\":" + T, "{}")))
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, rowsOf(dataSource, "sync_records", session));
        assertEquals(0, rowsOf(dataSource, "sync_mutations", session));
    }

    @Test
    void valid_unicode_ids_and_data_round_trip_exactly() {
        Session session = TestUsers.register();
        List<String> ids = List.of("emoji-\uD83D\uDCAA\uD83C\uDFFD", "漢字-ひらがな", "שלום-مرحبا", "e\u0301");
        List<String> changes = ids.stream().map(id -> change("u-" + id, "\"" + id + "\"", "\"lastModifiedAt\":" + T,
                "{\"name\":\"" + id + "\",\"escaped\":\"\\ud83d\\udcaa\"}")).toList();
        pushRaw(session, "\"pixel-\uD83D\uDCF1\"", changes).then().statusCode(200)
                .body("results.status", everyItem(equalTo("applied")));
        Response pulled = pull(session, Map.of());
        pulled.then().statusCode(200).body("changes.entityId", contains(ids.toArray()))
                .body("changes.clientId", everyItem(equalTo("pixel-\uD83D\uDCF1")))
                .body("changes[0].data.name", equalTo(ids.get(0)))
                .body("changes[0].data.escaped", equalTo("\uD83D\uDCAA"));
    }

    @Test
    void nul_characters_are_refused_but_an_escaped_backslash_u0000_is_text_like_any_other() {
        Session session = TestUsers.register();
        List<String> changes = List.of(
                change("n1", "\"nul\"", "\"lastModifiedAt\":" + T, "{\"v\":\"a\\u0000b\"}"),
                change("n2", "\"surrogate\"", "\"lastModifiedAt\":" + T, "{\"v\":\"a\\udc00b\"}"),
                change("n3", "\"text\"", "\"lastModifiedAt\":" + T, "{\"v\":\"C:\\\\u0000\\\\dir\"}"),
                change("n4", "\"spaced\"", "\"lastModifiedAt\":" + T, "{ \"v\" : \"x\\u0000\" }"));
        pushRaw(session, "\"pixel\"", changes).then().statusCode(200)
                .body("results.status", contains("rejected", "rejected", "applied", "rejected"));
        pull(session, Map.of()).then().statusCode(200).body("changes.entityId", contains("text"))
                .body("changes[0].data.v", equalTo("C:\\u0000\\dir"));
        pull(session, Map.of("excludeClientId", "\u0000")).then().statusCode(400)
                .contentType("application/problem+json");
        pull(session, Map.of("clientId", "a\u0000")).then().statusCode(400).contentType("application/problem+json");
    }
}
