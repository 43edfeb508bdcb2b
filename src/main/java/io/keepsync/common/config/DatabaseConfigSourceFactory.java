package io.keepsync.common.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Supplies the datasource settings that are not written in application.properties: the {@code DATABASE_URL}
 * injected by hosting platforms, or, in dev mode with nothing configured, an embedded PostgreSQL so that
 * {@code ./mvnw quarkus:dev} needs nothing installed. A packaged application with no database at all stops here
 * with one line saying what to set.
 */
public class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";

    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> properties = new HashMap<>();
        String databaseUrl = value(context, "DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            DatabaseUrl parsed = DatabaseUrl.parse(databaseUrl);
            properties.put(JDBC_URL, parsed.jdbcUrl());
            parsed.username().ifPresent(user -> properties.put(USERNAME, user));
            parsed.password().ifPresent(password -> properties.put(PASSWORD, password));
        } else if (isDevWithoutDatabase(context)) {
            properties.putAll(DevDatabase.start());
        } else if (value(context, JDBC_URL) == null && isPackagedApplication()) {
            stopWithoutDatabase();
        }
        if (properties.isEmpty()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(properties, "keepsync-database", ORDINAL));
    }

    private static boolean isDevWithoutDatabase(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        return profiles.contains("dev") && value(context, JDBC_URL) == null;
    }

    /**
     * True in the packaged application (jar or native executable) at run time; false in builds, tests and dev mode,
     * which run this factory too and must not stop.
     */
    static boolean isPackagedApplication() {
        if ("runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"))) {
            return true;
        }
        String command = System.getProperty("sun.java.command", "");
        return command.contains("quarkus-run.jar") || command.startsWith("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
    }

    /**
     * Runs before anything uses the database: without this, start-up fails deep inside Hibernate ORM with a long
     * stack trace instead of one line that says what to set. Logging is not set up yet, hence standard error.
     */
    private static void stopWithoutDatabase() {
        System.err.println("ERROR [io.keepsync] No database configured: set DATABASE_URL "
                + "(postgres://user:password@host:5432/database) or QUARKUS_DATASOURCE_JDBC_URL, "
                + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD");
        System.err.flush();
        // halt, not exit: Quarkus' shutdown hook would wait for a start-up that is still holding its lock.
        Runtime.getRuntime().halt(1);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
