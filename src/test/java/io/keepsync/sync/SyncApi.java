package io.keepsync.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.keepsync.TestUsers.Session;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Builds push bodies and calls the sync endpoints as a device of one user would. */
public final class SyncApi {

    /** Every table that holds a user's sync data: deleting the account must empty all of them. */
    static final List<String> USER_TABLES = List.of("sync_records", "sync_state", "sync_mutations", "sync_clients");

    private SyncApi() {
    }

    public static Map<String, Object> change(String entityType, String entityId, String action, Map<String, ?> data,
            String lastModifiedAt) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("id", UUID.randomUUID().toString());
        change.put("entityType", entityType);
        change.put("entityId", entityId);
        change.put("action", action);
        if (data != null) {
            change.put("data", data);
        }
        if (lastModifiedAt != null) {
            change.put("lastModifiedAt", lastModifiedAt);
        }
        return change;
    }

    public static Map<String, Object> upsert(String entityId, String lastModifiedAt, Object value) {
        return change("workout", entityId, "update", Map.of("value", value), lastModifiedAt);
    }

    public static Response push(Session session, String clientId, List<?> changes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientId);
        body.put("changes", changes);
        return session.given().contentType(ContentType.JSON).body(body).post("/api/v1/sync/push");
    }

    public static Response pull(Session session, Map<String, ?> params) {
        return session.given().queryParams(params).get("/api/v1/sync/pull");
    }

    /** Pulls from the start until hasMore is false; returns every change in order. */
    public static List<Map<String, Object>> pullAll(Session session, int limit) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 10_000; guard++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("limit", limit);
            if (cursor != null) {
                params.put("since", cursor);
            }
            Response page = pull(session, params);
            page.then().statusCode(200);
            all.addAll(page.jsonPath().getList("changes"));
            cursor = page.path("cursor");
            if (!(Boolean) page.path("hasMore")) {
                return all;
            }
        }
        throw new AssertionError("pull never finished");
    }

    /** How many rows of {@code table} belong to the user. */
    public static long rowsOf(DataSource dataSource, String table, Session session) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM " + table + " WHERE user_id = '" + session.userId() + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
