package io.keepsync.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.bench.Benchmark.Session;

/** Snapshot upload and download through HTTP (with curl), against writing and reading the same bytes on the same disk. */
final class SnapshotTransfers {

    private static final double MIB = 1024 * 1024;

    private final Benchmark bench;
    private final Path backups;
    private Path snapshot;
    private String sha256;

    SnapshotTransfers(Benchmark bench, Path backups) {
        this.bench = bench;
        this.backups = backups;
    }

    void uploadAndDownload(int repeat) throws Exception {
        if (snapshot == null) {
            snapshot = createSnapshot(bench.work.resolve("snapshot.sqlite"), bench.fileMib);
            sha256 = sha256(snapshot);
        }
        long size = Files.size(snapshot);
        Session user = bench.register();

        // The disk is a virtual one whose host writes back behind it, and right after the database phases the first
        // large write ran at a fraction of the usual speed, whichever side made it: the raw write at 341 MiB/s when it
        // went first, against 750-990 MiB/s when it followed the upload. So an untimed write goes first, and each
        // transfer's baseline is timed just before and just after it, the two times averaged.
        rawWriteSeconds(repeat);
        double writeBefore = rawWriteSeconds(repeat);
        dropCaches();
        long start = System.nanoTime();
        String answer = curl("-X", "POST", "-H", "Authorization: Bearer " + user.token(), "-H",
                "Content-Type: application/vnd.sqlite3", "-T", snapshot.toString(), "-w", "\n%{http_code}",
                bench.base + "/api/v1/backups");
        double seconds = (System.nanoTime() - start) / 1e9;
        String[] lines = answer.split("\n");
        JsonNode backup = lines[lines.length - 1].equals("201") ? Benchmark.JSON.readTree(lines[0]) : null;
        if (backup == null || !sha256.equals(backup.get("sha256").asText())) {
            bench.fail("upload answered " + answer);
            return;
        }
        double writeAfter = rawWriteSeconds(repeat);
        bench.record("upload_mib_s", size / MIB / seconds);
        bench.record("write_raw_mib_s", size / MIB / ((writeBefore + writeAfter) / 2));

        String id = backup.get("id").asText();
        Path stored = backups.resolve("users").resolve(user.userId().toString()).resolve(id + ".sqlite");
        double readBefore = rawReadSeconds(stored);
        dropCaches();
        start = System.nanoTime();
        String received = curl("-o", "/dev/null", "-w", "%{http_code} %{size_download}", "-H",
                "Authorization: Bearer " + user.token(), bench.base + "/api/v1/backups/" + id + "/content");
        seconds = (System.nanoTime() - start) / 1e9;
        double readAfter = rawReadSeconds(stored);
        if (!received.equals("200 " + size)) {
            bench.fail("download answered " + received + " for " + size + " bytes");
        } else {
            bench.record("download_mib_s", size / MIB / seconds);
            bench.record("read_raw_mib_s", size / MIB / ((readBefore + readAfter) / 2));
        }

        bench.http.send(HttpRequest.newBuilder(URI.create(bench.base + "/api/v1/backups/" + id))
                .header("Authorization", "Bearer " + user.token()).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Writes the snapshot's bytes to a new file on the backups' volume and makes it durable; seconds taken. */
    private double rawWriteSeconds(int repeat) throws Exception {
        Path raw = backups.resolve("tmp").resolve("raw-write-" + repeat + ".bin");
        dropCaches();
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(snapshot);
                FileChannel channel = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            Benchmark.copy(in, out);
            channel.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(raw);
        return seconds;
    }

    /** Reads the stored file from the disk; seconds taken. */
    private double rawReadSeconds(Path stored) throws Exception {
        dropCaches();
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(stored)) {
            Benchmark.copy(in, null);
        }
        return (System.nanoTime() - start) / 1e9;
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
