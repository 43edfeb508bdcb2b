package io.keepsync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.keepsync.RawHttp;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.restassured.RestAssured;

/**
 * A flood of failed logins beside a user who keeps pulling: the pulls' p99 stays under a second and none fails.
 * Password hashing holds no database connection and no request worker, and runs on at most as many threads as there
 * are cores, so the flood costs the others CPU time only. Used with and without the per-address limit.
 */
final class LoginFloodTest {

    private LoginFloodTest() {
    }

    /** The statuses the flood's logins, sent from {@code from}, got, after asserting the pulls made meanwhile. */
    static List<Integer> floodBesidePulls(int logins, int threads, InetAddress from) throws Exception {
        Session reader = TestUsers.register();
        reader.given().get("/api/v1/sync/pull").then().statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Long> pulls = Collections.synchronizedList(new ArrayList<>());
        List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            Future<?> puller = pool.submit(() -> {
                while (flooding.get()) {
                    long start = System.nanoTime();
                    int status = reader.given().get("/api/v1/sync/pull").statusCode();
                    pulls.add((System.nanoTime() - start) / 1_000_000);
                    if (status != 200) {
                        failures.add(status);
                    }
                }
            });
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                attempts.add(pool.submit(() -> RawHttp.postJson(from, RestAssured.port, "/api/v1/auth/login",
                        "{\"email\":\"" + TestUsers.freshEmail() + "\",\"password\":\"not the password\"}", Map.of())));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> attempt : attempts) {
                statuses.add(attempt.get());
            }
            flooding.set(false);
            puller.get();
            assertEquals(List.of(), failures, "pulls failed during the flood");
            List<Long> sorted = new ArrayList<>(pulls);
            Collections.sort(sorted);
            assertTrue(sorted.size() >= 20, "only " + sorted.size() + " pulls ran during the flood");
            long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
            io.keepsync.Measured.report("pull p99 / max beside " + logins + " failed logins on " + threads
                    + " threads (ms, " + sorted.size() + " pulls)", p99 + " / " + sorted.get(sorted.size() - 1));
            assertTrue(p99 < 1000, "pull p99 was " + p99 + " ms beside " + logins + " failed logins (max "
                    + sorted.get(sorted.size() - 1) + " ms over " + sorted.size() + " pulls)");
            return statuses;
        } finally {
            flooding.set(false);
            pool.shutdownNow();
        }
    }
}
