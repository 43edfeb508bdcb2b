package io.keepsync.backup.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import io.keepsync.backup.catalog.BackupConfig;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Decides whether an uploaded file is an intact SQLite database: the header, the page count against the length,
 * and {@code PRAGMA quick_check} through sqlite-jdbc, opened read-only and immutable so the file is never modified
 * (no journal, no -wal or -shm files, WAL-mode files as mobile clients leave them included). The file comes from a
 * stranger, so it is opened as SQLite advises for untrusted databases: its schema is not trusted (no function or
 * view of its own runs), cell sizes are checked, nothing is memory-mapped, and a check that runs past
 * {@code keepsync.backup.inspection-timeout} is interrupted. At most {@code keepsync.backup.max-concurrent-inspections}
 * run at once.
 */
@ApplicationScoped
public class SnapshotInspector {

    /** How many SQLite virtual-machine steps pass between looks at the clock. */
    private static final int STEPS_PER_CHECK = 10_000;

    @Inject
    BackupConfig config;

    @Inject
    MeterRegistry registry;

    private Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();

    @PostConstruct
    void init() {
        slots = new Semaphore(config.maxConcurrentInspections().orElse(Runtime.getRuntime().availableProcessors()), true);
        registry.gauge("keepsync.backup.inspections.running", running);
    }

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 100;
    private static final int MAX_PROBLEMS = 5;

    /** What the inspection found out about a valid snapshot. */
    public record Facts(int pageSize, long pageCount, int userVersion, int tableCount, String journalMode) {
    }

    /** Checks running now on this instance. */
    int running() {
        return running.get();
    }

    public Facts inspect(Path file) {
        byte[] header = header(file);
        long length = size(file);
        if (header.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw notSqlite();
        }
        if (header.length < HEADER_SIZE) {
            throw corrupt(List.of("the file is shorter than the 100-byte SQLite header"));
        }
        int pageSize = pageSize(header);
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw corrupt(List.of("the header page size " + pageSize + " is not a power of two from 512 to 65536"));
        }
        long pageCount = checkLength(header, pageSize, length);
        String journalMode = (header[18] == 2 && header[19] == 2) ? "wal" : "delete";
        slots.acquireUninterruptibly();
        running.incrementAndGet();
        try {
            return check(file, pageSize, pageCount, journalMode, System.nanoTime() + config.inspectionTimeout().toNanos());
        } finally {
            running.decrementAndGet();
            slots.release();
        }
    }

    private static long checkLength(byte[] header, int pageSize, long length) {
        long headerPages = readInt(header, 28);
        boolean headerCountValid = headerPages != 0 && readInt(header, 24) == readInt(header, 92);
        if (headerCountValid && headerPages * pageSize != length) {
            throw corrupt(List.of("the header says " + headerPages + " pages of " + pageSize + " bytes ("
                    + headerPages * pageSize + " bytes) but the file has " + length + " bytes"));
        }
        if (!headerCountValid && length % pageSize != 0) {
            throw corrupt(List.of("the file length " + length + " is not a multiple of the page size " + pageSize));
        }
        return length / pageSize;
    }

    private Facts check(Path file, int pageSize, long pageCount, String journalMode, long deadline) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setReadOnly(true);
        sqlite.setOpenMode(SQLiteOpenMode.OPEN_URI);
        Properties properties = sqlite.toProperties();
        String url = "jdbc:sqlite:" + file.toUri().toString().replaceFirst("^file:///", "file:/") + "?mode=ro&immutable=1";
        try (Connection connection = DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement()) {
            for (String pragma : DEFENSIVE) {
                statement.execute(pragma);
            }
            ProgressHandler.setHandler(connection, STEPS_PER_CHECK, new ProgressHandler() {
                @Override
                protected int progress() {
                    return System.nanoTime() - deadline > 0 ? 1 : 0;
                }
            });
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("PRAGMA quick_check(" + MAX_PROBLEMS + ")")) {
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
            }
            if (!problems.equals(List.of("ok"))) {
                throw corrupt(problems);
            }
            int userVersion = single(statement, "PRAGMA user_version");
            int tables = single(statement, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
            return new Facts(pageSize, pageCount, userVersion, tables, journalMode);
        } catch (SQLException e) {
            if (System.nanoTime() - deadline > 0) {
                throw corrupt(List.of("the integrity check did not finish within " + config.inspectionTimeout()));
            }
            throw corrupt(List.of("SQLite cannot read the file: " + e.getMessage()));
        }
    }

    /** Settings for a database file from an untrusted source (SQLite's "defense against the dark arts"). */
    private static final List<String> DEFENSIVE = List.of("PRAGMA query_only = ON", "PRAGMA trusted_schema = OFF",
            "PRAGMA cell_size_check = ON", "PRAGMA mmap_size = 0");

    private static int single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static byte[] header(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEADER_SIZE);
        } catch (IOException e) {
            throw corrupt(List.of("the file cannot be read"));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw corrupt(List.of("the file cannot be read"));
        }
    }

    /** Big-endian page size at offset 16; the value 1 means 65536. */
    private static int pageSize(byte[] header) {
        int value = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        return value == 1 ? 65536 : value;
    }

    private static long readInt(byte[] header, int offset) {
        return ((long) (header[offset] & 0xff) << 24) | ((header[offset + 1] & 0xff) << 16)
                | ((header[offset + 2] & 0xff) << 8) | (header[offset + 3] & 0xff);
    }

    static ProblemException notSqlite() {
        return new ProblemException(ProblemType.NOT_SQLITE,
                "The upload does not start with the SQLite header 'SQLite format 3'");
    }

    static ProblemException corrupt(List<String> problems) {
        return new ProblemException(ProblemType.CORRUPT_SNAPSHOT,
                "The snapshot failed verification: " + String.join("; ", problems));
    }
}
