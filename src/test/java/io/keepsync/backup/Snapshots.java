package io.keepsync.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;

/** Real SQLite files made with sqlite-jdbc, the way a mobile app's database looks. */
final class Snapshots {

    private Snapshots() {
    }

    /** A rollback-journal database with a few tables, {@code rows} rows and the given user_version. */
    static Path create(int rows, int userVersion) throws IOException, SQLException {
        return create(rows, userVersion, false, 200);
    }

    static Path create(int rows, int userVersion, boolean wal, int payloadBytes) throws IOException, SQLException {
        Path file = Files.createTempFile("snapshot-", ".sqlite");
        Files.delete(file);
        file.toFile().deleteOnExit();
        Random random = new Random(rows * 31L + userVersion);
        // The driver directly, not DriverManager: test class loaders may not see each other's registrations.
        try (Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=" + (wal ? "WAL" : "DELETE"));
            statement.execute("CREATE TABLE workout (id INTEGER PRIMARY KEY, name TEXT, payload BLOB)");
            statement.execute("CREATE TABLE template (id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("CREATE INDEX workout_name ON workout (name)");
            statement.execute("PRAGMA user_version=" + userVersion);
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO workout (name, payload) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    byte[] payload = new byte[payloadBytes];
                    random.nextBytes(payload);
                    insert.setString(1, "workout " + i);
                    insert.setBytes(2, payload);
                    insert.addBatch();
                    if (i % 500 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
            if (wal) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        Files.deleteIfExists(Path.of(file + "-wal"));
        Files.deleteIfExists(Path.of(file + "-shm"));
        return file;
    }

    /** A copy of the file with garbage written over one b-tree page (not the header page). */
    static Path corruptPage(Path source, int pageNumber) throws IOException {
        Path copy = Files.createTempFile("corrupt-", ".sqlite");
        copy.toFile().deleteOnExit();
        Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            file.seek(4096L * (pageNumber - 1));
            byte[] garbage = new byte[4096];
            new Random(pageNumber).nextBytes(garbage);
            file.write(garbage);
        }
        return copy;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1;) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
