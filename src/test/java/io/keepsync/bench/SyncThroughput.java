package io.keepsync.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.keepsync.bench.Benchmark.Session;
import io.keepsync.common.encoding.IsoInstants;
import io.keepsync.sync.wire.RawJson;

/** Push and pull through HTTP, and the raw JDBC baselines doing the same work on the same PostgreSQL. */
final class SyncThroughput {

    private final Benchmark bench;
    private List<Workload> workloads;

    SyncThroughput(Benchmark bench) {
        this.bench = bench;
    }

    List<Session> users(int repeat) throws Exception {
        List<Session> users = new ArrayList<>();
        for (int c = 0; c < Benchmark.CLIENTS; c++) {
            users.add(bench.register());
        }
        workloads = new ArrayList<>();
        for (int c = 0; c < Benchmark.CLIENTS; c++) {
            workloads.add(new Workload("device-" + c, bench.changes / Benchmark.CLIENTS, Benchmark.BATCH, repeat * 10L + c));
        }
        return users;
    }

    /** The workloads of the current round, one per client. */
    List<Workload> workloads() {
        return workloads;
    }

    void push(List<Session> users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Benchmark.CLIENTS);
        try {
            bench.settle();
            double cpu = Benchmark.cpuSeconds();
            long start = System.nanoTime();
            run(pool, users.size(), c -> pushAll(users.get(c), workloads.get(c)));
            double seconds = (System.nanoTime() - start) / 1e9;
            bench.record("push_per_s", bench.changes / seconds);
            bench.record("loadgen_cpu_share", (Benchmark.cpuSeconds() - cpu) / (seconds * Runtime.getRuntime()
                    .availableProcessors()));

            try (Connection connection = bench.jdbc()) {
                Benchmark.exec(connection, "CREATE TABLE IF NOT EXISTS bench_records (LIKE sync_records INCLUDING ALL)");
                Benchmark.exec(connection, "TRUNCATE bench_records");
            }
            bench.settle();
            start = System.nanoTime();
            run(pool, users.size(), c -> rawUpsert(users.get(c).userId(), workloads.get(c)));
            bench.record("push_raw_per_s", bench.changes / ((System.nanoTime() - start) / 1e9));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends one client's batches one after the other. HttpURLConnection (keep-alive) rather than the JDK's
     * HttpClient, and a streaming read of each answer rather than a tree: with HttpClient and a tree this client
     * used 11-22 ms of CPU per 1000 changes, on the two cores the service and PostgreSQL share; now 2-5 ms.
     */
    private Object pushAll(Session user, Workload workload) throws Exception {
        URI push = URI.create(bench.base + "/api/v1/sync/push");
        for (int b = 0; b < workload.bodies.size(); b++) {
            byte[] body = workload.bodies.get(b);
            int changes = workload.batches.get(b).size();
            HttpURLConnection connection = (HttpURLConnection) push.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Authorization", "Bearer " + user.token());
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            if (connection.getResponseCode() != 200) {
                bench.fail("push answered " + connection.getResponseCode());
                connection.disconnect();
                continue;
            }
            byte[] answer;
            try (InputStream in = connection.getInputStream()) {
                answer = in.readAllBytes();
            }
            PushAnswer counts = PushAnswer.scan(answer);
            if (counts.results() != changes || counts.failed() != 0 || counts.success() != changes) {
                bench.fail("push answered " + counts + " for " + changes + " changes");
            }
        }
        return null;
    }

    private Object rawUpsert(UUID userId, Workload workload) throws Exception {
        try (Connection connection = bench.jdbc(); PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO bench_records AS r (user_id, entity_type, entity_id, data, deleted, last_modified_at,
                  client_id, version, received_at) VALUES (?, ?, ?, ?::json, false, ?, ?, ?, now())
                ON CONFLICT (user_id, entity_type, entity_id) DO UPDATE SET data = EXCLUDED.data,
                  deleted = EXCLUDED.deleted, last_modified_at = EXCLUDED.last_modified_at,
                  client_id = EXCLUDED.client_id, version = EXCLUDED.version, received_at = EXCLUDED.received_at
                WHERE (r.last_modified_at, r.client_id) < (EXCLUDED.last_modified_at, EXCLUDED.client_id)""")) {
            connection.setAutoCommit(false);
            long version = 0;
            for (List<Workload.Row> batch : workload.batches) {
                for (Workload.Row row : batch) {
                    statement.setObject(1, userId);
                    statement.setString(2, row.entityType());
                    statement.setString(3, row.entityId());
                    statement.setString(4, row.data());
                    statement.setTimestamp(5, Timestamp.from(row.lastModifiedAt()));
                    statement.setString(6, workload.clientId);
                    statement.setLong(7, ++version);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            }
        }
        return null;
    }

    void pull(List<Session> users) throws Exception {
        long expected = 0;
        // The service and the raw read that follows it both read settled rows, as they would once autovacuum has run.
        bench.settle();
        try (Connection connection = bench.jdbc()) {
            for (Session user : users) {
                expected += Benchmark.count(connection,
                        "SELECT count(*) FROM sync_records WHERE user_id = '" + user.userId() + "'");
            }
        }
        ExecutorService checker = Executors.newSingleThreadExecutor();
        long start = System.nanoTime();
        long pulled = 0;
        try {
            List<Future<Integer>> pages = new ArrayList<>();
            for (Session user : users) {
                pullAll(user, checker, pages);
            }
            for (Future<Integer> page : pages) {
                pulled += page.get();
            }
        } finally {
            checker.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (pulled != expected) {
            bench.fail("pull returned " + pulled + " changes, the database holds " + expected);
        }
        bench.record("pull_per_s", pulled / seconds);

        // The raw read is timed twice and the faster counts, so that one slow run cannot make the service look faster
        // than the database (runs of 33,000-46,000/s amid 150,000-220,000/s came from missing statistics; see settle).
        double best = 0;
        try (Connection connection = bench.jdbc()) {
            for (int attempt = 0; attempt < 2; attempt++) {
                start = System.nanoTime();
                long read = 0;
                for (Session user : users) {
                    read += rawRead(connection, user.userId());
                }
                best = Math.max(best, read / ((System.nanoTime() - start) / 1e9));
            }
        }
        bench.record("pull_raw_per_s", best);
    }

    /**
     * Pages through one user's changes. The next request needs only the cursor, which ends the answer, so the
     * client reads it from there and asks again at once; every page is still parsed in full (on {@code checker},
     * while the next one is on its way), its changes counted and its cursor compared. The clock stops once the last
     * page has been checked.
     */
    private void pullAll(Session user, ExecutorService checker, List<Future<Integer>> pages) throws Exception {
        String cursor = null;
        while (true) {
            String url = bench.base + "/api/v1/sync/pull?limit=1000"
                    + (cursor == null ? "" : "&since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            // HttpURLConnection (keep-alive) rather than the JDK's HttpClient: reading 450 KB pages, it costs this
            // client about half the CPU time, and a pull is one page after the other, so the client's time counts.
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestProperty("Authorization", "Bearer " + user.token());
            if (connection.getResponseCode() != 200) {
                bench.fail("pull answered " + connection.getResponseCode());
                connection.disconnect();
                return;
            }
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readAllBytes();
            }
            Page next = Page.tail(body).orElseGet(() -> Page.scan(body));
            pages.add(checker.submit(() -> {
                Page page = Page.scan(body);
                if (!page.cursor().equals(next.cursor()) || page.hasMore() != next.hasMore()) {
                    bench.fail("pull page ends with " + page.cursor() + "/" + page.hasMore() + ", read as "
                            + next.cursor() + "/" + next.hasMore());
                }
                return page.changes();
            }));
            cursor = next.cursor();
            if (!next.hasMore()) {
                return;
            }
        }
    }

    /** The same keyset pages read with plain JDBC and encoded to JSON. */
    private static long rawRead(Connection connection, UUID userId) throws Exception {
        long count = 0;
        long after = 0;
        try (PreparedStatement statement = connection.prepareStatement("SELECT entity_type, entity_id, data, "
                + "deleted, last_modified_at, client_id, version FROM sync_records WHERE user_id = ? AND version > ? "
                + "ORDER BY version LIMIT 1000")) {
            while (true) {
                statement.setObject(1, userId);
                statement.setLong(2, after);
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                int rows = 0;
                try (ResultSet rs = statement.executeQuery();
                        JsonGenerator json = Benchmark.JSON.getFactory().createGenerator(out)) {
                    json.writeStartArray();
                    while (rs.next()) {
                        json.writeStartObject();
                        json.writeStringField("entityType", rs.getString(1));
                        json.writeStringField("entityId", rs.getString(2));
                        json.writeFieldName("data");
                        json.writeRawValue(new RawJson(rs.getBytes(3)));
                        json.writeBooleanField("deleted", rs.getBoolean(4));
                        json.writeStringField("lastModifiedAt", IsoInstants.format(rs.getTimestamp(5).toInstant()));
                        json.writeStringField("clientId", rs.getString(6));
                        json.writeNumberField("version", rs.getLong(7));
                        json.writeEndObject();
                        after = rs.getLong(7);
                        rows++;
                    }
                    json.writeEndArray();
                }
                count += rows;
                if (rows < 1000) {
                    return count;
                }
            }
        }
    }

    /** How many entries a push answer has in results, success and failed. */
    record PushAnswer(int results, int success, int failed) {

        static PushAnswer scan(byte[] body) {
            Map<String, Integer> lengths = arrayLengths(body);
            return new PushAnswer(lengths.getOrDefault("results", -1), lengths.getOrDefault("success", -1),
                    lengths.getOrDefault("failed", -1));
        }
    }

    /** How many entries each top-level array of a JSON object has, read with a streaming parser (no tree). */
    static Map<String, Integer> arrayLengths(byte[] body) {
        Map<String, Integer> lengths = new HashMap<>();
        try (JsonParser parser = Benchmark.JSON.getFactory().createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                int entries = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    parser.skipChildren();
                    entries++;
                }
                lengths.put(field, entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lengths;
    }

    /** The parts of a pull answer the client needs, read with a streaming parser (no tree per change). */
    record Page(int changes, String cursor, boolean hasMore) {

        private static final byte[] CURSOR_FIELD = "\"cursor\":".getBytes(StandardCharsets.US_ASCII);

        /**
         * The cursor and hasMore from the last bytes of an answer, where the service writes them: the fields from the
         * last top-level {@code "cursor"} on, parsed as an object of their own.
         */
        static Optional<Page> tail(byte[] body) {
            int at = lastIndexOf(body, CURSOR_FIELD, Math.max(0, body.length - 512));
            if (at < 0) {
                return Optional.empty();
            }
            byte[] rest = new byte[body.length - at + 1];
            rest[0] = '{';
            System.arraycopy(body, at, rest, 1, body.length - at);
            Page page = scan(rest);
            return page.cursor() == null ? Optional.empty() : Optional.of(new Page(-1, page.cursor(), page.hasMore()));
        }

        private static int lastIndexOf(byte[] body, byte[] part, int from) {
            for (int i = body.length - part.length; i >= from; i--) {
                if (Arrays.equals(body, i, i + part.length, part, 0, part.length)) {
                    return i;
                }
            }
            return -1;
        }

        static Page scan(byte[] body) {
            int changes = 0;
            String cursor = null;
            boolean hasMore = false;
            try (JsonParser parser = Benchmark.JSON.getFactory().createParser(body)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("changes") && value == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            changes++;
                        }
                    } else if (field.equals("cursor")) {
                        cursor = parser.getText();
                    } else if (field.equals("hasMore")) {
                        hasMore = parser.getBooleanValue();
                    } else {
                        parser.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Page(changes, cursor, hasMore);
        }
    }

    interface Task {
        Object call(int client) throws Exception;
    }

    private static void run(ExecutorService pool, int clients, Task task) throws Exception {
        List<Future<Object>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Callable<Object> callable = () -> task.call(client);
            futures.add(pool.submit(callable));
        }
        for (Future<Object> future : futures) {
            future.get();
        }
    }
}
