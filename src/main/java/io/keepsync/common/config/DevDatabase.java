package io.keepsync.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL of dev mode: started once per JVM (dev-mode restarts reuse it), data kept under
 * {@code target/dev-database} so that restarting dev mode keeps what was synced and uploaded. Never used in
 * production, where the embedded binaries are not even packaged.
 */
final class DevDatabase {

    /**
     * System properties outlive the class loaders that dev mode replaces on every reload (named outside {@code keepsync.*},
     * which is validated).
     */
    private static final String URL_PROPERTY = "io.keepsync.dev-database-url";

    private DevDatabase() {
    }

    static synchronized Map<String, String> start() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            url = startEmbedded();
            System.setProperty(URL_PROPERTY, url);
        }
        return Map.of(DatabaseConfigSourceFactory.JDBC_URL, url,
                DatabaseConfigSourceFactory.USERNAME, "postgres",
                DatabaseConfigSourceFactory.PASSWORD, "postgres");
    }

    private static String startEmbedded() {
        try {
            Path dataDirectory = Path.of("target", "dev-database").toAbsolutePath();
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            return postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start the embedded dev PostgreSQL (" + e.getMessage()
                    + "); set DATABASE_URL to use an existing one", e);
        }
    }
}
