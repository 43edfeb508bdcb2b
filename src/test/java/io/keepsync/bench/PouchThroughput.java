package io.keepsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same push and pull work done against pouchdb-server (a CouchDB-compatible server on LevelDB), with the same
 * client: each of the 4 clients writes its workload into a database of its own (CouchDB's database per user) with
 * {@code _bulk_docs} the way PouchDB's replicator pushes ({@code new_edits:false}, revisions chosen by the client, an
 * update naming the revision it replaces), then each database is read through {@code _changes} pages of 1000 with
 * their documents.
 */
final class PouchThroughput implements AutoCloseable {

    static final int PORT = 15984;
    private static final Pattern LAST_SEQ = Pattern.compile("\"last_seq\":\"?([^\",}]+)");

    private final Benchmark bench;
    private final Process process;
    private final String base = "http://127.0.0.1:" + PORT;

    private PouchThroughput(Benchmark bench, Process process) {
        this.bench = bench;
        this.process = process;
    }

    /** Starts pouchdb-server as bench/run installed it, or returns null (and says why) when it is not there. */
    static PouchThroughput start(Benchmark bench, Path tools, Path data) throws Exception {
        Path server = tools.resolve("node_modules/.bin/pouchdb-server");
        if (!Files.isExecutable(server)) {
            System.err.println("pouchdb-server is not installed under " + tools + " (bench/run installs it): skipped");
            return null;
        }
        Files.createDirectories(data);
        Process process = new ProcessBuilder(server.toString(), "--port", Integer.toString(PORT), "--dir", data.toString(),
                "--config", data.resolve("config.json").toString(), "--no-stdout-logs").directory(data.toFile())
                .redirectErrorStream(true).redirectOutput(data.resolve("pouchdb-server.out").toFile()).start();
        PouchThroughput pouch = new PouchThroughput(bench, process);
        for (int i = 0; i < 300; i++) {
            try {
                if (pouch.request("GET", "/") == 200) {
                    return pouch;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        pouch.close();
        throw new IllegalStateException("pouchdb-server did not start; see " + data);
    }

    void pushAndPull(List<Workload> workloads, int repeat) throws Exception {
        List<String> databases = new ArrayList<>();
        List<List<byte[]>> bodies = new ArrayList<>();
        int documents = 0;
        for (int c = 0; c < workloads.size(); c++) {
            String database = "bench-" + repeat + "-" + c;
            if (request("PUT", "/" + database) != 201) {
                bench.fail("pouchdb-server did not create " + database);
                return;
            }
            databases.add(database);
            bodies.add(bulkDocs(workloads.get(c), repeat * 10L + c));
            documents += workloads.get(c).batches.stream().flatMap(List::stream).map(Workload.Row::entityId).distinct()
                    .count();
        }
        int changes = workloads.stream().mapToInt(w -> w.batches.stream().mapToInt(List::size).sum()).sum();

        ExecutorService pool = Executors.newFixedThreadPool(workloads.size());
        try {
            long start = System.nanoTime();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < workloads.size(); c++) {
                String path = "/" + databases.get(c) + "/_bulk_docs";
                List<byte[]> batches = bodies.get(c);
                clients.add(pool.submit(() -> {
                    for (byte[] body : batches) {
                        byte[] answer = post(path, body);
                        // With new_edits:false CouchDB answers [] and lists only the documents it could not write.
                        if (answer == null || !new String(answer, StandardCharsets.UTF_8).trim().equals("[]")) {
                            bench.fail("pouchdb-server _bulk_docs answered "
                                    + (answer == null ? "an error" : new String(answer, 0, Math.min(200, answer.length))));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            bench.record("pouch_push_per_s", changes / ((System.nanoTime() - start) / 1e9));
        } finally {
            pool.shutdownNow();
        }

        ExecutorService checker = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            List<Future<Integer>> pages = new ArrayList<>();
            for (String database : databases) {
                pullAll(database, checker, pages);
            }
            long pulled = 0;
            for (Future<Integer> page : pages) {
                pulled += page.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pulled != documents) {
                bench.fail("pouchdb-server _changes returned " + pulled + " documents of " + documents);
            }
            bench.record("pouch_pull_per_s", pulled / seconds);
        } finally {
            checker.shutdownNow();
        }
    }

    /** The workload's batches as replication-style {@code _bulk_docs} bodies; built before the clock starts. */
    private static List<byte[]> bulkDocs(Workload workload, long seed) {
        Random random = new Random(seed);
        Map<String, String> revisions = new HashMap<>();
        List<byte[]> bodies = new ArrayList<>();
        for (List<Workload.Row> batch : workload.batches) {
            StringBuilder body = new StringBuilder(batch.size() * 520).append("{\"new_edits\":false,\"docs\":[");
            for (int i = 0; i < batch.size(); i++) {
                Workload.Row row = batch.get(i);
                byte[] hash = new byte[16];
                random.nextBytes(hash);
                String revision = HexFormat.of().formatHex(hash);
                String previous = revisions.put(row.entityId(), revision);
                int generation = previous == null ? 1 : 2;
                body.append(i == 0 ? "" : ",").append("{\"_id\":\"").append(row.entityType()).append(':')
                        .append(row.entityId()).append("\",\"_rev\":\"").append(generation).append('-').append(revision)
                        .append("\",\"_revisions\":{\"start\":").append(generation).append(",\"ids\":[\"")
                        .append(revision).append(previous == null ? "" : "\",\"" + previous).append("\"]},")
                        .append(row.data(), 1, row.data().length());
            }
            bodies.add(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /**
     * Pages through one database's changes like the service's pull: the next request needs only {@code last_seq}, at
     * the end of the answer, and every page is parsed in full on {@code checker} meanwhile. The first empty page ends it.
     */
    private void pullAll(String database, ExecutorService checker, List<Future<Integer>> pages) throws Exception {
        String since = "0";
        while (true) {
            byte[] body = get("/" + database + "/_changes?include_docs=true&limit=1000&since=" + since);
            if (body == null) {
                return;
            }
            String text = new String(body, Math.max(0, body.length - 64), Math.min(64, body.length),
                    StandardCharsets.US_ASCII);
            Matcher last = LAST_SEQ.matcher(text);
            if (!last.find()) {
                bench.fail("pouchdb-server _changes page without last_seq: " + text);
                return;
            }
            pages.add(checker.submit(() -> SyncThroughput.arrayLengths(body).getOrDefault("results", -1)));
            if (last.group(1).equals(since)) {
                return;
            }
            since = last.group(1);
        }
    }

    private byte[] post(String path, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        return answer(connection, path);
    }

    private byte[] get(String path) throws IOException {
        return answer((HttpURLConnection) URI.create(base + path).toURL().openConnection(), path);
    }

    private byte[] answer(HttpURLConnection connection, String path) throws IOException {
        int status = connection.getResponseCode();
        if (status / 100 != 2) {
            bench.fail("pouchdb-server answered " + status + " to " + path);
            connection.disconnect();
            return null;
        }
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private int request(String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.getResponseCode();
        try (InputStream in = connection.getErrorStream() != null ? connection.getErrorStream()
                : connection.getInputStream()) {
            in.readAllBytes();
        }
        return connection.getResponseCode();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
