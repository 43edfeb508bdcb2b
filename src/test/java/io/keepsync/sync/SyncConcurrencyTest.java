package io.keepsync.sync;

import static io.keepsync.sync.SyncApi.change;
import static io.keepsync.sync.SyncApi.pull;
import static io.keepsync.sync.SyncApi.pullAll;
import static io.keepsync.sync.SyncApi.push;
import static io.keepsync.sync.SyncApi.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Eight devices push overlapping entities at once while a ninth pulls incrementally. If versions could commit out
 * of order, the incremental puller would skip changes; if last-write-wins were wrong, some entity would end up
 * with the wrong winner.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SyncConcurrencyTest {

    @Inject
    AgroalDataSource dataSource;

    private static final int DEVICES = 8;
    private static final int PUSHES_PER_DEVICE = 15;
    private static final int CHANGES_PER_PUSH = 20;
    private static final int ENTITIES = 40;
    private static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

    /** What a device sent for one entity: the expected winner has the greatest timestamp. */
    record Sent(String entityId, long millis, boolean deleted, String clientId, int value) {
    }

    @Test
    void concurrent_pushes_and_an_incremental_puller_agree_with_last_write_wins() throws Exception {
        Session session = TestUsers.register();
        List<Long> timestamps = new ArrayList<>();
        for (long i = 0; i < (long) DEVICES * PUSHES_PER_DEVICE * CHANGES_PER_PUSH; i++) {
            timestamps.add(i * 7);
        }
        Collections.shuffle(timestamps, new Random(42));

        Map<String, Sent> expected = new ConcurrentHashMap<>();
        List<List<List<Sent>>> plan = plan(timestamps, expected);

        ExecutorService pool = Executors.newFixedThreadPool(DEVICES + 1);
        AtomicBoolean pushing = new AtomicBoolean(true);
        Map<String, Map<String, Object>> pulled = new HashMap<>();
        try {
            Future<String> puller = pool.submit(() -> pullWhile(session, pushing, pulled));
            List<Future<?>> devices = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                List<List<Sent>> pushes = plan.get(d);
                devices.add(pool.submit(() -> pushAll(session, pushes)));
            }
            for (Future<?> device : devices) {
                device.get(120, TimeUnit.SECONDS);
            }
            pushing.set(false);
            puller.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(ENTITIES, expected.size());
        Map<String, Map<String, Object>> full = new HashMap<>();
        for (Map<String, Object> change : pullAll(session, 1000)) {
            full.put((String) change.get("entityId"), change);
        }
        assertMatches(expected, full, "full pull");
        assertMatches(expected, pulled, "incremental puller");
    }

    private static List<List<List<Sent>>> plan(List<Long> timestamps, Map<String, Sent> expected) {
        Random random = new Random(7);
        List<List<List<Sent>>> plan = new ArrayList<>();
        int next = 0;
        for (int d = 0; d < DEVICES; d++) {
            List<List<Sent>> pushes = new ArrayList<>();
            for (int p = 0; p < PUSHES_PER_DEVICE; p++) {
                List<Sent> batch = new ArrayList<>();
                for (int c = 0; c < CHANGES_PER_PUSH; c++) {
                    Sent sent = new Sent("e-" + random.nextInt(ENTITIES), timestamps.get(next++),
                            random.nextInt(10) == 0, "device-" + d, next);
                    batch.add(sent);
                    expected.merge(sent.entityId(), sent, (a, b) -> a.millis() >= b.millis() ? a : b);
                }
                pushes.add(batch);
            }
            plan.add(pushes);
        }
        return plan;
    }

    private static Void pushAll(Session session, List<List<Sent>> pushes) {
        for (List<Sent> batch : pushes) {
            List<Map<String, Object>> changes = new ArrayList<>();
            for (Sent sent : batch) {
                changes.add(change("workout", sent.entityId(), sent.deleted() ? "delete" : "update",
                        Map.of("value", sent.value()), BASE.plusMillis(sent.millis()).toString()));
            }
            push(session, batch.get(0).clientId(), changes).then().statusCode(200);
        }
        return null;
    }

    /** Pulls incrementally, applying each page, until the pushers are done and the server has nothing more. */
    private static String pullWhile(Session session, AtomicBoolean pushing, Map<String, Map<String, Object>> view) {
        String cursor = null;
        while (true) {
            boolean finalRound = !pushing.get();
            boolean hasMore = true;
            while (hasMore) {
                Response page = cursor == null ? pull(session, Map.of("limit", 50))
                        : pull(session, Map.of("limit", 50, "since", cursor));
                page.then().statusCode(200);
                for (Map<String, Object> change : page.jsonPath().<Map<String, Object>> getList("changes")) {
                    view.put((String) change.get("entityId"), change);
                }
                cursor = page.path("cursor");
                hasMore = page.path("hasMore");
            }
            if (finalRound) {
                return cursor;
            }
        }
    }

    /**
     * sync_records and sync_mutations have no foreign key to users: deleting the account must still take every row,
     * including those of pushes that were under way, and a push after the deletion must be refused, not stored.
     */
    @Test
    void deleting_the_account_while_devices_push_leaves_no_sync_rows() throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            Session session = TestUsers.register();
            if (attempt % 2 == 1) {
                // with a head row already there, and (even attempts) without one
                push(session, "first", List.of(upsert("e-0", "2026-11-20T10:00:00Z", 0))).then().statusCode(200);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch firstAnswer = new CountDownLatch(1);
            try {
                List<Future<?>> devices = new ArrayList<>();
                for (int d = 0; d < 4; d++) {
                    String clientId = "device-" + d;
                    // Each device pushes until it is refused, so some pushes are certain to run into the deletion
                    // however fast pushes are (a fixed number of them could all finish before it).
                    devices.add(pool.submit(() -> {
                        for (int p = 0; p < 2000; p++) {
                            List<Map<String, Object>> changes = new ArrayList<>();
                            for (int c = 0; c < 25; c++) {
                                changes.add(upsert(clientId + "-" + p + "-" + c,
                                        BASE.plusSeconds(p * 100L + c).toString(), c));
                            }
                            int status = push(session, clientId, changes).statusCode();
                            statuses.add(status);
                            firstAnswer.countDown();
                            if (status != 200) {
                                return null;
                            }
                        }
                        return null;
                    }));
                }
                firstAnswer.await(60, TimeUnit.SECONDS);
                session.given().delete("/api/v1/me").then().statusCode(204);
                for (Future<?> device : devices) {
                    device.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(), statuses.stream().filter(status -> status != 200 && status != 401).toList(),
                    "every push is either applied before the deletion or refused after it");
            assertEquals(4, statuses.stream().filter(status -> status == 401).count(),
                    "every device is refused once the account is gone: " + statuses);
            for (String table : SyncApi.USER_TABLES) {
                assertEquals(0, SyncApi.rowsOf(dataSource, table, session),
                        table + " rows left after deleting the account");
            }
        }
    }

    private static void assertMatches(Map<String, Sent> expected, Map<String, Map<String, Object>> actual,
            String view) {
        assertEquals(expected.keySet(), actual.keySet(), view + ": entities");
        for (Sent winner : expected.values()) {
            Map<String, Object> got = actual.get(winner.entityId());
            assertEquals(BASE.plusMillis(winner.millis()).toString(), got.get("lastModifiedAt"),
                    view + ": winner of " + winner.entityId());
            assertEquals(winner.clientId(), got.get("clientId"), view + ": writer of " + winner.entityId());
            assertEquals(winner.deleted() ? "delete" : "upsert", got.get("action"), view + ": " + winner.entityId());
            if (!winner.deleted()) {
                assertEquals(winner.value(), ((Map<?, ?>) got.get("data")).get("value"), view + ": data");
            }
        }
    }
}
