package io.keepsync.snapshots;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite layout of a server snapshot (docs/backups.md): a {@code records} table holding every record as pushed,
 * tombstones included; a {@code snapshot} table of facts (format, user, cursor, server time); one view per entity
 * type with its live records; {@code PRAGMA user_version} set to the format. The export writes it and the restore
 * reads it; nothing else here touches SQLite files the server wrote.
 */
final class SnapshotFile {

    /** The layout's version, in {@code PRAGMA user_version} and the {@code format} fact. */
    static final int FORMAT = 1;

    /** Entity types past this many get no view of their own (their records are in {@code records} all the same). */
    static final int MAX_VIEWS = 500;

    private static final int BATCH = 1000;

    private SnapshotFile() {
    }

    /** One record of the {@code records} table. */
    record Row(String entityType, String entityId, String data, boolean deleted, String lastModifiedAt,
            String clientId, long version) {
    }

    /** Writes a new snapshot file, row by row in primary-key order; nothing is held in memory but a batch. */
    static final class Writer implements AutoCloseable {

        private final Connection connection;
        private final PreparedStatement insert;
        private final Set<String> viewNames = new LinkedHashSet<>();
        private final Map<String, String> views = new LinkedHashMap<>();
        private int pending;
        private long count;

        Writer(Path file) throws SQLException {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                // The file is fsynced when it is stored: no journal is needed while it is being written.
                statement.execute("PRAGMA journal_mode = OFF");
                statement.execute("PRAGMA synchronous = OFF");
                statement.execute("""
                        CREATE TABLE records (
                          entity_type TEXT NOT NULL,
                          entity_id TEXT NOT NULL,
                          data TEXT,
                          deleted INTEGER NOT NULL,
                          last_modified_at TEXT NOT NULL,
                          client_id TEXT NOT NULL,
                          version INTEGER NOT NULL,
                          PRIMARY KEY (entity_type, entity_id))""");
                statement.execute("CREATE TABLE snapshot (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            }
            connection.setAutoCommit(false);
            insert = connection.prepareStatement("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)");
        }

        void add(Row row) throws SQLException {
            insert.setString(1, row.entityType());
            insert.setString(2, row.entityId());
            insert.setString(3, row.data());
            insert.setInt(4, row.deleted() ? 1 : 0);
            insert.setString(5, row.lastModifiedAt());
            insert.setString(6, row.clientId());
            insert.setLong(7, row.version());
            insert.addBatch();
            count++;
            if (++pending == BATCH) {
                insert.executeBatch();
                pending = 0;
            }
            if (!row.deleted() && views.size() < MAX_VIEWS && !views.containsKey(row.entityType())) {
                String name = row.entityType().toLowerCase(Locale.ROOT);
                // SQLite's names ignore ASCII case; the first type of a name gets the view.
                if (!reserved(name) && viewNames.add(name)) {
                    views.put(row.entityType(), name);
                }
            }
        }

        long count() {
            return count;
        }

        /** Writes the facts and the views and commits; the file is complete once this returns. */
        void finish(Map<String, String> facts) throws SQLException {
            if (pending > 0) {
                insert.executeBatch();
                pending = 0;
            }
            try (PreparedStatement fact = connection.prepareStatement("INSERT INTO snapshot VALUES (?, ?)")) {
                for (Map.Entry<String, String> entry : facts.entrySet()) {
                    fact.setString(1, entry.getKey());
                    fact.setString(2, entry.getValue());
                    fact.addBatch();
                }
                fact.executeBatch();
            }
            try (Statement statement = connection.createStatement()) {
                for (String type : views.keySet()) {
                    statement.execute("CREATE VIEW " + identifier(type) + " AS SELECT entity_id, data, last_modified_at,"
                            + " client_id, version FROM records WHERE entity_type = " + literal(type)
                            + " AND deleted = 0");
                }
                statement.execute("PRAGMA user_version = " + FORMAT);
            }
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            try {
                insert.close();
            } finally {
                connection.close();
            }
        }

        private static boolean reserved(String name) {
            return name.equals("records") || name.equals("snapshot") || name.startsWith("sqlite_");
        }
    }

    /** Reads a snapshot file the server wrote, opened read-only. */
    static final class Reader implements AutoCloseable {

        private final Connection connection;

        Reader(Path file) throws SQLException {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setReadOnly(true);
            sqlite.setOpenMode(SQLiteOpenMode.OPEN_URI);
            String url = "jdbc:sqlite:" + file.toUri().toString().replaceFirst("^file:///", "file:/") + "?mode=ro";
            connection = DriverManager.getConnection(url, sqlite.toProperties());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA trusted_schema = OFF");
            }
        }

        /** The {@code snapshot} table; empty when the file has none (it is not a server snapshot). */
        Map<String, String> facts() throws SQLException {
            Map<String, String> facts = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet tables = statement.executeQuery(
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('snapshot', 'records')")) {
                if (!tables.next() || tables.getInt(1) != 2) {
                    return facts;
                }
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT key, value FROM snapshot")) {
                while (rs.next()) {
                    facts.put(rs.getString(1), rs.getString(2));
                }
            }
            return facts;
        }

        /** Hands the records to {@code batches} a batch at a time, in primary-key order. */
        void records(int batchSize, Consumer<List<Row>> batches) throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT entity_type, entity_id, data, deleted, last_modified_at,"
                            + " client_id, version FROM records ORDER BY entity_type, entity_id")) {
                List<Row> batch = new ArrayList<>(batchSize);
                while (rs.next()) {
                    batch.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0,
                            rs.getString(5), rs.getString(6), rs.getLong(7)));
                    if (batch.size() == batchSize) {
                        batches.accept(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                if (!batch.isEmpty()) {
                    batches.accept(batch);
                }
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
