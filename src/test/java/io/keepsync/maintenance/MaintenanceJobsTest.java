package io.keepsync.maintenance;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.keepsync.EmbeddedPostgresResource;
import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.keepsync.auth.WebSessions;
import io.keepsync.backup.BackupVerifier;
import io.keepsync.backup.SnapshotFiles;
import io.keepsync.sync.SyncCursor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MaintenanceJobsTest {

    @Inject
    RetentionService retention;

    @Inject
    BackupVerifier verification;

    @Inject
    VerificationConfig verificationConfig;

    @Inject
    Sweeper sweeper;

    @Inject
    JobRunner runner;

    @Inject
    JobLock lock;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebSessions sessions;

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static String upload(Session session, int rows) throws Exception {
        return session.given().contentType("application/octet-stream")
                .body(SnapshotFiles.create(rows).toFile()).post("/api/v1/backups")
                .then().statusCode(201).extract().path("id");
    }

    private static Path fileOf(Session session, String id) {
        return EmbeddedPostgresResource.backupDir().resolve("users").resolve(session.userId().toString())
                .resolve(id + ".sqlite");
    }

    @Test
    void retention_deletes_what_the_policy_does_not_keep_but_never_a_pinned_backup() throws Exception {
        Session session = TestUsers.register();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            ids.add(upload(session, 10 + i));
        }
        // Spread them one per week into the past (the newest stays newest).
        for (int i = 0; i < ids.size(); i++) {
            sql("UPDATE backups SET created_at = now() - interval '" + (7 * (ids.size() - 1 - i))
                    + " days' WHERE id = '" + ids.get(i) + "'");
        }
        String pinned = ids.get(0);
        session.given().contentType(ContentType.JSON).body(Map.of("pinned", true)).patch("/api/v1/backups/" + pinned)
                .then().statusCode(200);

        int deleted = retention.applyTo(session.userId());

        // keep-last 10 covers the 10 newest (weekly and monthly fall inside or add older month-ends).
        List<String> left = session.given().queryParam("limit", 200).get("/api/v1/backups")
                .then().statusCode(200).extract().path("items.id");
        assertTrue(left.contains(pinned), "pinned backup was pruned");
        for (String recent : ids.subList(4, 14)) {
            assertTrue(left.contains(recent), "one of the 10 newest was pruned");
        }
        assertEquals(14 - deleted, left.size());
        assertTrue(deleted > 0, "nothing was pruned");
        for (String id : ids) {
            assertEquals(left.contains(id), Files.exists(fileOf(session, id)), "file and row disagree for " + id);
        }
        assertEquals(0, retention.applyTo(session.userId()), "retention is not idempotent");
    }

    @Test
    void verification_marks_damaged_and_missing_files_and_recovers_restored_ones() throws Exception {
        Session session = TestUsers.register();
        String damaged = upload(session, 20);
        String missing = upload(session, 21);
        Path damagedFile = fileOf(session, damaged);
        byte[] original = Files.readAllBytes(damagedFile);
        try (RandomAccessFile file = new RandomAccessFile(damagedFile.toFile(), "rw")) {
            file.seek(5000);
            file.write(new byte[] { 1, 2, 3, 4 });
        }
        Path missingFile = fileOf(session, missing);
        byte[] missingBytes = Files.readAllBytes(missingFile);
        Files.delete(missingFile);
        sql("UPDATE backups SET verified_at = '2000-01-01' WHERE user_id = '" + session.userId() + "'");

        verification.verifyBatch(verificationConfig.batchSize());

        session.given().get("/api/v1/backups/" + damaged).then().body("status", equalTo("damaged"));
        session.given().get("/api/v1/backups/" + missing).then().body("status", equalTo("missing"));
        session.given().get("/api/v1/backups").then().body("items", hasSize(2));

        Files.write(damagedFile, original);
        Files.write(missingFile, missingBytes);
        sql("UPDATE backups SET verified_at = '2000-01-01' WHERE user_id = '" + session.userId() + "'");
        verification.verifyBatch(verificationConfig.batchSize());
        session.given().get("/api/v1/backups/" + damaged).then().body("status", equalTo("verified"));
        session.given().get("/api/v1/backups/" + missing).then().body("status", equalTo("verified"));
    }

    @Test
    void the_sweep_removes_stale_temp_files_and_orphans_but_nothing_else() throws Exception {
        Session session = TestUsers.register();
        String kept = upload(session, 10);
        Path root = EmbeddedPostgresResource.backupDir();
        Path staleTemp = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
        Path freshTemp = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
        Path staleOrphan = fileOf(session, UUID.randomUUID().toString());
        Path freshOrphan = fileOf(session, UUID.randomUUID().toString());
        Files.write(staleOrphan, new byte[] { 1 });
        Files.write(freshOrphan, new byte[] { 1 });
        FileTime twoHoursAgo = FileTime.from(Instant.now().minusSeconds(7200));
        Files.setLastModifiedTime(staleTemp, twoHoursAgo);
        Files.setLastModifiedTime(staleOrphan, twoHoursAgo);
        Files.setLastModifiedTime(fileOf(session, kept), twoHoursAgo);

        sweeper.sweepTempFiles();
        sweeper.sweepOrphanFiles();

        assertFalse(Files.exists(staleTemp));
        assertTrue(Files.exists(freshTemp));
        assertFalse(Files.exists(staleOrphan));
        assertTrue(Files.exists(freshOrphan), "an upload being recorded must not be swept");
        assertTrue(Files.exists(fileOf(session, kept)), "a backup with a row was swept");
        Files.delete(freshTemp);
        Files.delete(freshOrphan);
    }

    @Test
    void the_sweep_deletes_expired_console_sessions_and_keeps_live_ones() throws Exception {
        Session session = TestUsers.register();
        String expired = sessions.start(session.userId()).secret();
        String live = sessions.start(session.userId()).secret();
        sql("UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = '"
                + io.keepsync.common.encoding.Sha256.hex(expired) + "'");
        assertTrue(sessions.find(expired).isEmpty(), "an expired session let someone in");

        assertTrue(sweeper.sweepCredentials() >= 1);

        assertEquals(0, count("SELECT count(*) FROM web_sessions WHERE token_hash = '"
                + io.keepsync.common.encoding.Sha256.hex(expired) + "'"));
        assertTrue(sessions.find(live).isPresent(), "a live session was swept");
    }

    @Test
    void old_idempotency_records_are_swept() throws Exception {
        Session session = TestUsers.register();
        Map<String, Object> change = Map.of("id", "m-1", "entityType", "workout", "entityId", "w", "action",
                "update", "data", Map.of("v", 1), "lastModifiedAt", "2026-11-20T10:00:00Z");
        push(session, change).then().body("results[0].status", equalTo("applied"));
        push(session, change).then().body("results[0].status", equalTo("duplicate"));
        sql("UPDATE sync_mutations SET created_at = now() - interval '8 days' WHERE user_id = '" + session.userId()
                + "'");
        assertTrue(sweeper.sweepMutations() >= 1);
        // The record is still protected by last-write-wins: the retry is now stale, not applied twice.
        push(session, change).then().body("results[0].status", equalTo("stale"));
    }

    @Test
    void pruning_old_tombstones_turns_an_old_cursor_into_must_refetch() throws Exception {
        Session session = TestUsers.register();
        push(session, Map.of("id", "a", "entityType", "workout", "entityId", "gone", "action", "delete",
                "lastModifiedAt", "2026-11-20T10:00:00Z"));
        push(session, Map.of("id", "b", "entityType", "workout", "entityId", "live", "action", "update", "data",
                Map.of("v", 1), "lastModifiedAt", "2026-11-20T10:00:00Z"));
        String before = new SyncCursor(1, 0).encode();
        String after = new SyncCursor(1, 1).encode();
        session.given().queryParam("since", before).get("/api/v1/sync/pull").then().statusCode(200)
                .body("changes", hasSize(2));
        sql("UPDATE sync_records SET received_at = now() - interval '91 days' WHERE user_id = '" + session.userId()
                + "' AND deleted");

        assertTrue(sweeper.pruneTombstones() >= 1);

        session.given().queryParam("since", before).get("/api/v1/sync/pull").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://keepsync.io/problems/must-refetch"));
        session.given().queryParam("since", after).get("/api/v1/sync/pull").then().statusCode(200)
                .body("changes", hasSize(1));
        session.given().get("/api/v1/sync/pull").then().statusCode(200).body("changes", hasSize(1))
                .body("changes[0].entityId", equalTo("live"));
    }

    @Test
    void two_runners_contending_for_one_job_never_both_run_it() throws Exception {
        String job = "contended-" + UUID.randomUUID();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JobRunner.Outcome>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return runner.run(job, () -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        ran.incrementAndGet();
                        Thread.sleep(500);
                        running.decrementAndGet();
                        return 1;
                    });
                }));
            }
            start.countDown();
            int skipped = 0;
            for (Future<JobRunner.Outcome> result : results) {
                if (result.get(10, TimeUnit.SECONDS) == JobRunner.Outcome.SKIPPED) {
                    skipped++;
                }
            }
            assertEquals(0, overlaps.get(), "two runners ran the job at once");
            assertTrue(skipped >= 1, "no runner was skipped");
            assertEquals(4 - skipped, ran.get());
        } finally {
            pool.shutdownNow();
        }
        // Released afterwards: the next run goes ahead.
        assertEquals(JobRunner.Outcome.COMPLETED, runner.run(job, () -> 0));
    }

    @Test
    void a_job_lock_belongs_to_an_open_transaction_so_it_survives_a_pooler_in_transaction_mode() throws Exception {
        String job = "pooled-" + UUID.randomUUID();
        String held = "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.classid = 19283 AND l.objid = " + Integer.toUnsignedLong(job.hashCode())
                + " AND a.state LIKE 'idle in transaction%'";
        try (JobLock.Held lockHeld = lock.tryLock(job).orElseThrow()) {
            assertEquals(1, count(held), "the lock is not held by an open transaction");
            assertTrue(lock.tryLock(job).isEmpty(), "a second runner took a held lock");
        }
        assertEquals(0, count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 19283 AND objid = "
                + Integer.toUnsignedLong(job.hashCode())), "the lock outlived its run");
        lock.tryLock(job).orElseThrow().close();
    }

    private long count(String query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement s = connection.createStatement();
                java.sql.ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void a_failing_job_is_reported_and_runs_again_next_time() {
        String job = "failing-" + UUID.randomUUID();
        assertEquals(JobRunner.Outcome.FAILED, runner.run(job, () -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(JobRunner.Outcome.COMPLETED, runner.run(job, () -> 3));
    }

    private static io.restassured.response.Response push(Session session, Map<String, Object> change) {
        return session.given().contentType(ContentType.JSON)
                .body(Map.of("clientId", "device", "changes", List.of(change))).post("/api/v1/sync/push");
    }
}
