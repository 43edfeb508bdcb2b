package io.keepsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for the tests, started once per test application. It hands the application a
 * {@code postgresql://} DATABASE_URL, so the tests also exercise the production configuration path.
 */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String jdbcUrl;
    private static volatile Path backupDir;

    private EmbeddedPostgres postgres;

    /** The backup directory the test application writes to. */
    public static Path backupDir() {
        return backupDir;
    }

    /** The JDBC URL of the running test database, for tests that check what the application wrote. */
    public static String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        try {
            backupDir = Files.createTempDirectory("keepsync-backups-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("DATABASE_URL", "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres",
                "keepsync.backup.dir", backupDir.toString());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (backupDir != null) {
            // Each test application gets its own backup directory; nothing of it is needed afterwards.
            try {
                TestFiles.deleteTree(backupDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
