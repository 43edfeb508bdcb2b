package io.keepsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.keepsync.S3ProxyResource;
import io.keepsync.TestFiles;
import io.keepsync.TestProcesses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Measures push, pull, upload, download, start-up and live event streams of the packaged service against raw
 * baselines (on the same PostgreSQL and disk, nginx for downloads) and pouchdb-server, in one run; transfers also
 * through the S3 store against s3proxy. Run it with {@code ./bench/run}; see docs/performance.md.
 */
public final class Benchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CLIENTS = 4;
    static final int BATCH = 500;
    /** {@code -Dbench.pg.<setting>=<value>} sets a PostgreSQL server setting of the benchmark's database. */
    static final String SERVER_SETTING = "bench.pg.";
    static final int NGINX_PORT = 18090;
    static final int S3PROXY_PORT = 18091;
    static final String S3_BUCKET = "keepsync-bench";
    static final String S3_KEY = "keepsync";
    static final String S3_SECRET = "keepsync-secret";

    final int repeats = Integer.getInteger("bench.repeats", 3);
    final int changes = Integer.getInteger("bench.changes", 300_000);
    final int fileMib = Integer.getInteger("bench.file-mib", 512);
    final int liveStreams = Integer.getInteger("bench.live-streams", 10_000);
    final Path work = Path.of("target", "bench").toAbsolutePath();
    final Map<String, List<Double>> figures = new LinkedHashMap<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(CLIENTS)).connectTimeout(Duration.ofSeconds(5)).build();

    EmbeddedPostgres postgres;
    String base;
    int failures;
    boolean coldCache;
    boolean recording = true;
    /** Put before the names of the figures recorded now: {@code native_} while the native executable is measured. */
    String prefix = "";

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
        System.exit(0);
    }

    void run() throws Exception {
        TestFiles.deleteTree(work);
        Files.createDirectories(work);
        postgres = startPostgres(work.resolve("pg"));
        String databaseUrl = "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        Path backups = work.resolve("backups");
        // The first start creates the schema (and warms up this harness); the timed ones are restarts of a deployed
        // service, each logged to its own file.
        for (int i = 0; i <= repeats; i++) {
            try (ServiceProcess service = ServiceProcess.start(jar, 18080, databaseUrl, backups,
                    work.resolve("start-" + i + ".log"))) {
                if (i > 0) {
                    record("start_s", service.startSeconds);
                }
            }
        }
        Process nginx = startNginx(work.resolve("nginx"), backups, NGINX_PORT);
        // The S3 service has a database of its own: on the shared one its backup verification would find the other
        // service's files missing from the bucket and mark them so, which fails the restores measured later.
        String s3DatabaseUrl = createDatabase("s3_service");
        Process s3proxy = S3ProxyResource.launch(Files.createDirectories(work.resolve("s3")), S3PROXY_PORT, S3_KEY, S3_SECRET);
        createBucket();
        try (ServiceProcess service = ServiceProcess.start(jar, 18080, databaseUrl, backups, work.resolve("service.log"));
                ServiceProcess s3Service = ServiceProcess.start(jar, 18081, s3DatabaseUrl, work.resolve("s3-service"),
                        work.resolve("s3-service.log"), s3Settings());
                PouchThroughput pouch = PouchThroughput.start(this, Path.of("target", "bench-tools").toAbsolutePath(),
                        work.resolve("pouch"))) {
            base = "http://localhost:" + service.port;
            SyncThroughput sync = new SyncThroughput(this);
            ServerSnapshotRates snapshots = new ServerSnapshotRates(this);
            SnapshotTransfers files = new SnapshotTransfers(this, backups,
                    nginx == null ? null : "http://127.0.0.1:" + NGINX_PORT, "http://localhost:" + s3Service.port);
            // One untimed round first, so that every measured round runs on warmed-up (JIT-compiled) code.
            List<List<Session>> rounds = new ArrayList<>();
            List<List<String>> emptySnapshots = new ArrayList<>();
            for (int r = -1; r < repeats; r++) {
                recording = r >= 0;
                List<Session> users = sync.users(r + 1);
                emptySnapshots.add(snapshots.emptySnapshots(users));
                sync.push(users);
                sync.pull(users);
                rounds.add(users);
                if (pouch != null) {
                    pouch.pushAndPull(sync.workloads(), r + 1);
                }
                files.uploadAndDownload(r + 1);
            }
            // Snapshots and restores of each round's users come after every push and pull: a restore rewrites all
            // of a user's records twice, and the rows it leaves behind would weigh on the later rounds' pushes.
            for (int r = 0; r < rounds.size(); r++) {
                recording = r > 0;
                snapshots.snapshotAndRestore(rounds.get(r), emptySnapshots.get(r));
            }
            recording = true;
            record("rss_mib", service.rssMib());
            liveStreams(service);
        }
        try {
            nativeExecutable(databaseUrl, backups);
        } finally {
            postgres.close();
            s3proxy.destroy();
            if (nginx != null) {
                nginx.destroy();
            }
        }
        report();
    }

    /**
     * The native executable ({@code bench.native}, which bench/run builds with .ci/native-build) beside the JVM build,
     * on the same database: its start-up and resident memory right after start, then push and pull as the JVM's are
     * measured (after one untimed round, so that both run against the same warmed database).
     */
    private void nativeExecutable(String databaseUrl, Path backups) throws Exception {
        String executable = System.getProperty("bench.native", "");
        if (executable.isBlank() || !Files.isExecutable(Path.of(executable))) {
            System.err.println("No native executable (bench.native): the native figures are left out");
            return;
        }
        prefix = "native_";
        try {
            for (int i = 0; i <= repeats; i++) {
                try (ServiceProcess service = ServiceProcess.start(Path.of(executable), 18082, databaseUrl, backups,
                        work.resolve("native-start-" + i + ".log"))) {
                    if (i > 0) {
                        record("start_s", service.startSeconds);
                        record("rss_mib", service.rssMib());
                    }
                }
            }
            try (ServiceProcess service = ServiceProcess.start(Path.of(executable), 18082, databaseUrl, backups,
                    work.resolve("native-service.log"))) {
                base = "http://localhost:" + service.port;
                SyncThroughput sync = new SyncThroughput(this);
                for (int r = -1; r < repeats; r++) {
                    recording = r >= 0;
                    List<Session> users = sync.users(r + 1);
                    sync.push(users);
                    sync.pull(users);
                }
                recording = true;
                record("rss_after_runs_mib", service.rssMib());
            }
        } finally {
            prefix = "";
        }
    }

    /**
     * Opens {@code bench.live-streams} event streams of one user on the service, leaves them open across a heartbeat
     * (the service re-checks each stream's credential then), and times {@code bench.repeats} pushes reaching all.
     */
    private void liveStreams(ServiceProcess service) throws Exception {
        Session user = register();
        try (LiveStreams live = LiveStreams.open(this, user, liveStreams, service.port)) {
            double cpu = service.cpuSeconds();
            Thread.sleep(30_000);
            record("live_idle_cpu_share", (service.cpuSeconds() - cpu) / 30);
            for (int r = 0; r < repeats; r++) {
                live.pushAndWait(user, r);
            }
            record("live_streams", live.openStreams());
            record("live_rss_mib", service.rssMib());
        }
    }

    private static Map<String, String> s3Settings() {
        return Map.of("KEEPSYNC_BACKUP_STORE", "s3", "KEEPSYNC_S3_BUCKET", S3_BUCKET, "KEEPSYNC_S3_ENDPOINT",
                "http://127.0.0.1:" + S3PROXY_PORT, "KEEPSYNC_S3_PATH_STYLE", "true", "KEEPSYNC_S3_ACCESS_KEY_ID", S3_KEY,
                "KEEPSYNC_S3_SECRET_ACCESS_KEY", S3_SECRET);
    }

    private static void createBucket() {
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + S3PROXY_PORT)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3_KEY, S3_SECRET)))
                .build()) {
            s3.createBucket(r -> r.bucket(S3_BUCKET));
        }
    }

    /**
     * nginx (Debian's package; bench/run installs it) serving {@code root} with sendfile, the download's baseline; null
     * when it is not installed.
     */
    private static Process startNginx(Path dir, Path root, int port) throws Exception {
        Path binary = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(binary)) {
            System.err.println("nginx is not installed (bench/run installs it): the download has no baseline");
            return null;
        }
        Files.createDirectories(dir);
        Path conf = Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";",
                "user " + System.getProperty("user.name") + ";",
                "events { worker_connections 64; }",
                "http {", "  access_log off;", "  sendfile on;", "  tcp_nopush on;",
                "  client_body_temp_path " + dir + "/body;", "  proxy_temp_path " + dir + "/proxy;",
                "  fastcgi_temp_path " + dir + "/fastcgi;", "  uwsgi_temp_path " + dir + "/uwsgi;",
                "  scgi_temp_path " + dir + "/scgi;",
                "  server { listen 127.0.0.1:" + port + "; root " + root + "; }", "}", ""));
        Process process = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        return TestProcesses.awaitPort(process, port, "nginx (see " + dir + ")");
    }

    /** Durable like a production database: the embedded defaults (fsync and synchronous_commit off) are for tests. */
    static EmbeddedPostgres startPostgres(Path dataDirectory) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true).setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(SERVER_SETTING)) {
                builder.setServerConfig(name.substring(SERVER_SETTING.length()), System.getProperty(name));
            }
        }
        return builder.start();
    }

    /** A registered user of the benchmark. */
    record Session(UUID userId, String token) {
    }

    Session register() throws Exception {
        return register(base);
    }

    Session register(String service) throws Exception {
        String body = "{\"email\":\"bench-" + UUID.randomUUID() + "@example.com\",\"password\":\"benchmark-password\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service + "/api/v1/auth/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("register answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode json = JSON.readTree(response.body());
        return new Session(UUID.fromString(json.get("userId").asText()), json.get("accessToken").asText());
    }

    /** A new empty database on the benchmark's PostgreSQL, as a DATABASE_URL. */
    private String createDatabase(String name) throws Exception {
        try (Connection connection = jdbc()) {
            exec(connection, "CREATE DATABASE " + name);
        }
        return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/" + name;
    }

    Connection jdbc() throws Exception {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
    }

    void record(String key, double value) {
        if (!recording) {
            return;
        }
        figures.computeIfAbsent(prefix + key, k -> new ArrayList<>()).add(value);
    }

    synchronized void fail(String what) {
        failures++;
        System.err.println("FAILED: " + what);
    }

    synchronized int failures() {
        return failures;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private void report() {
        System.out.println();
        System.out.printf("Keepsync benchmark: %d changes, %d clients x %d-change batches, %d MiB snapshot, median of %d%n",
                changes, CLIENTS, BATCH, fileMib, repeats);
        System.out.printf("%-22s %14s %14s %8s   %s%n", "figure", "keepsync", "baseline", "ratio",
                "all runs (keepsync, then raw)");
        row("push (changes/s)", "push_per_s", "push_raw_per_s");
        row("pull (changes/s)", "pull_per_s", "pull_raw_per_s");
        row("upload (MiB/s)", "upload_mib_s", "upload_raw_mib_s");
        row("download (MiB/s)", "download_mib_s", "download_nginx_mib_s");
        row("snapshot (records/s)", "snapshot_records_per_s", "pull_per_s");
        row("restore (records/s)", "restore_records_per_s", null);
        row("pouch push (/s)", "pouch_push_per_s", null);
        row("pouch pull (/s)", "pouch_pull_per_s", null);
        row("S3 upload (MiB/s)", "s3_upload_mib_s", null);
        row("S3 download (MiB/s)", "s3_download_mib_s", null);
        row("start-up (s)", "start_s", null);
        row("RSS after runs (MiB)", "rss_mib", null);
        row("live streams", "live_streams", null);
        row("live p99 (ms)", "live_p99_ms", null);
        row("live max (ms)", "live_max_ms", null);
        row("live RSS (MiB)", "live_rss_mib", null);
        row("live idle CPU share", "live_idle_cpu_share", null);
        row("loadgen CPU share", "loadgen_cpu_share", null);
        row("native push (/s)", "native_push_per_s", "native_push_raw_per_s");
        row("native pull (/s)", "native_pull_per_s", "native_pull_raw_per_s");
        row("native start-up (s)", "native_start_s", null);
        row("native RSS start (MiB)", "native_rss_mib", null);
        row("native RSS runs (MiB)", "native_rss_after_runs_mib", null);
        System.out.printf("service: %s%n", String.join(" ", ServiceProcess.command(Path.of("quarkus-run.jar"))));
        System.out.printf("file transfers measured with a %s page cache%n", coldCache ? "cold" : "warm");
        System.out.printf("failed or rejected requests: %d%n", failures());
        StringBuilder line = new StringBuilder();
        for (String key : List.of("push_per_s", "push_ratio", "pull_per_s", "pull_ratio", "upload_mib_s", "upload_ratio",
                "download_mib_s", "download_ratio", "snapshot_records_per_s", "snapshot_pull_ratio",
                "restore_records_per_s", "pouch_push_x", "pouch_pull_x", "s3_upload_mib_s",
                "s3_download_mib_s", "start_s", "rss_mib", "live_streams", "live_p99_ms", "live_rss_mib",
                "native_start_s", "native_rss_mib", "native_push_per_s", "native_pull_per_s")) {
            line.append(key).append('=').append(String.format("%.2f", value(key))).append(' ');
        }
        line.append("failures=").append(failures());
        System.out.println(line);
    }

    private double value(String key) {
        return switch (key) {
            case "push_ratio" -> ratio("push_per_s", "push_raw_per_s");
            case "pull_ratio" -> ratio("pull_per_s", "pull_raw_per_s");
            case "upload_ratio" -> ratio("upload_mib_s", "upload_raw_mib_s");
            case "download_ratio" -> ratio("download_mib_s", "download_nginx_mib_s");
            case "snapshot_pull_ratio" -> ratio("snapshot_records_per_s", "pull_per_s");
            case "pouch_push_x" -> ratio("push_per_s", "pouch_push_per_s");
            case "pouch_pull_x" -> ratio("pull_per_s", "pouch_pull_per_s");
            default -> figures.containsKey(key) ? median(figures.get(key)) : Double.NaN;
        };
    }

    private double ratio(String measured, String raw) {
        return value(measured) / value(raw);
    }

    private void row(String label, String key, String raw) {
        System.out.printf("%-22s %14.2f %14s %8s   %s%n", label, value(key),
                raw == null ? "" : String.format("%.2f", value(raw)),
                raw == null ? "" : String.format("%.2f", ratio(key, raw)),
                runs(key) + (raw == null ? "" : " raw " + runs(raw)));
    }

    private List<String> runs(String key) {
        return figures.getOrDefault(key, List.of()).stream().map(v -> String.format("%.1f", v)).toList();
    }

    /** Copies a stream (or reads it to nowhere when {@code out} is null); returns the byte count. */
    static long copy(InputStream in, OutputStream out) throws Exception {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1;) {
            if (out != null) {
                out.write(buffer, 0, n);
            }
            total += n;
        }
        return total;
    }

    /**
     * Lets the database catch up before a timed phase: vacuums and analyses every table and writes a checkpoint, so
     * that the autovacuum and checkpoint work the previous phase left behind (a vacuum of the mutation log after
     * 300,000 inserts cost PostgreSQL more CPU than the pulls it ran beside) is not charged to whichever phase comes
     * next.
     * Vacuuming also sets the hint bits of freshly written rows, which whoever read them first would otherwise pay,
     * and analysing gives the planner the statistics autovacuum would: before its first auto-analyze, sync_records
     * looked like 222 rows per user to the planner, and the raw read's {@code LIMIT 1000} then took a bitmap scan of
     * every row of the user and a sort per page (raw pulls of 33,000-46,000/s amid runs of 150,000-220,000/s). The
     * service's page query, whose limit is a parameter, kept its index scan either way.
     */
    void settle() throws Exception {
        try (Connection connection = jdbc()) {
            exec(connection, "VACUUM ANALYZE");
            exec(connection, "CHECKPOINT");
        }
    }

    static void exec(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
