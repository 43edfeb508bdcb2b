package io.keepsync.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.bench.Benchmark.Session;

/**
 * Snapshot upload and download through HTTP (with curl): against a plain program doing an upload's mandatory work
 * (write with fsync, SHA-256, {@code quick_check}) and against nginx serving the stored file; then the same through a
 * second service keeping its snapshots in s3proxy.
 */
final class SnapshotTransfers {

    private static final double MIB = 1024 * 1024;

    private final Benchmark bench;
    private final Path backups;
    private final String nginx;
    private final String s3Service;
    private Path snapshot;
    private String sha256;

    /** {@code nginx} serves {@code backups} as its root; either it or {@code s3Service} may be null (not measured). */
    SnapshotTransfers(Benchmark bench, Path backups, String nginx, String s3Service) {
        this.bench = bench;
        this.backups = backups;
        this.nginx = nginx;
        this.s3Service = s3Service;
    }

    void uploadAndDownload(int repeat) throws Exception {
        if (snapshot == null) {
            snapshot = createSnapshot(bench.work.resolve("snapshot.sqlite"), bench.fileMib);
            sha256 = sha256(snapshot);
        }
        long size = Files.size(snapshot);
        Session user = bench.register();

        // The disk is a virtual one whose host writes back behind it, and right after the database phases the first
        // large write ran at a fraction of the usual speed, whichever side made it. So an untimed write goes first,
        // and each transfer's baseline is timed just before and just after it, the two times averaged.
        baselineUploadSeconds(repeat);
        double baselineBefore = baselineUploadSeconds(repeat);
        String id = upload(bench.base, user, "upload_mib_s");
        if (id == null) {
            return;
        }
        double baselineAfter = baselineUploadSeconds(repeat);
        bench.record("upload_raw_mib_s", size / MIB / ((baselineBefore + baselineAfter) / 2));

        String stored = "/users/" + user.userId() + "/" + id + ".sqlite";
        if (nginx != null) {
            double nginxBefore = download(nginx + stored, null, null);
            download(bench.base + "/api/v1/backups/" + id + "/content", user, "download_mib_s");
            double nginxAfter = download(nginx + stored, null, null);
            bench.record("download_nginx_mib_s", size / MIB / ((nginxBefore + nginxAfter) / 2));
        } else {
            download(bench.base + "/api/v1/backups/" + id + "/content", user, "download_mib_s");
        }
        delete(bench.base, user, id);

        if (s3Service != null) {
            Session s3User = bench.register(s3Service);
            String s3Id = upload(s3Service, s3User, "s3_upload_mib_s");
            if (s3Id != null) {
                download(s3Service + "/api/v1/backups/" + s3Id + "/content", s3User, "s3_download_mib_s");
                delete(s3Service, s3User, s3Id);
            }
        }
    }

    /** Uploads the snapshot, records its rate under {@code key} and returns the backup's id (null when it failed). */
    private String upload(String service, Session user, String key) throws Exception {
        long size = Files.size(snapshot);
        dropCaches();
        long start = System.nanoTime();
        String answer = curl("-X", "POST", "-H", "Authorization: Bearer " + user.token(), "-H",
                "Content-Type: application/vnd.sqlite3", "-T", snapshot.toString(), "-w", "\n%{http_code}",
                service + "/api/v1/backups");
        double seconds = (System.nanoTime() - start) / 1e9;
        String[] lines = answer.split("\n");
        JsonNode backup = lines[lines.length - 1].equals("201") ? Benchmark.JSON.readTree(lines[0]) : null;
        if (backup == null || !sha256.equals(backup.get("sha256").asText())) {
            bench.fail("upload to " + service + " answered " + answer);
            return null;
        }
        bench.record(key, size / MIB / seconds);
        return backup.get("id").asText();
    }

    /** Reads {@code url} to nowhere with curl from a cold cache; records its rate under {@code key} when given. */
    private double download(String url, Session user, String key) throws Exception {
        long size = Files.size(snapshot);
        dropCaches();
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("-o", "/dev/null", "-w", "%{http_code} %{size_download}", url));
        if (user != null) {
            args.addAll(List.of("-H", "Authorization: Bearer " + user.token()));
        }
        String received = curl(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!received.equals("200 " + size)) {
            bench.fail("download of " + url + " answered " + received + " for " + size + " bytes");
        } else if (key != null) {
            bench.record(key, size / MIB / seconds);
        }
        return seconds;
    }

    private void delete(String service, Session user, String id) throws Exception {
        bench.http.send(HttpRequest.newBuilder(URI.create(service + "/api/v1/backups/" + id))
                .header("Authorization", "Bearer " + user.token()).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * The mandatory work of an upload in a plain program, on the same volume: the bytes written to a new file and made
     * durable, their SHA-256, and {@code PRAGMA quick_check} of the file (opened read-only like the service does);
     * seconds taken.
     */
    private double baselineUploadSeconds(int repeat) throws Exception {
        Path raw = backups.resolve("tmp").resolve("raw-write-" + repeat + ".sqlite");
        Files.createDirectories(raw.getParent());
        dropCaches();
        long start = System.nanoTime();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(snapshot);
                FileChannel channel = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
            for (int n; (n = in.read(buffer.array())) != -1;) {
                digest.update(buffer.array(), 0, n);
                buffer.limit(n).position(0);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
            channel.force(true);
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        String check;
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:file:" + raw + "?mode=ro&immutable=1",
                openUri());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA quick_check")) {
            rs.next();
            check = rs.getString(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(raw);
        if (!hash.equals(sha256) || !check.equals("ok")) {
            bench.fail("the baseline upload wrote " + hash + " and checked " + check);
        }
        return seconds;
    }

    private static java.util.Properties openUri() {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
        config.setReadOnly(true);
        return config.toProperties();
    }

    /**
     * curl moves the bytes: the JDK's HttpClient tops out near 280 MiB/s here, far below what the service serves,
     * and would make the load generator the bottleneck.
     */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        return output.trim();
    }

    /**
     * Starts each transfer and its baseline from the disk, not the page cache, when the kernel lets us (root);
     * otherwise both run warm. Either way they are measured alike.
     */
    private void dropCaches() {
        try {
            new ProcessBuilder("sync").start().waitFor();
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
            bench.coldCache = true;
        } catch (Exception e) {
            bench.coldCache = false;
        }
    }

    /** A real SQLite database of about {@code mib} MiB: one 1 MiB random blob per row. */
    private static Path createSnapshot(Path file, int mib) throws Exception {
        Random random = new Random(1);
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=OFF");
            statement.execute("PRAGMA synchronous=OFF");
            statement.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, payload BLOB)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO blobs (payload) VALUES (?)")) {
                byte[] payload = new byte[1024 * 1024];
                for (int i = 0; i < mib; i++) {
                    random.nextBytes(payload);
                    insert.setBytes(1, payload);
                    insert.executeUpdate();
                }
            }
            connection.commit();
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
