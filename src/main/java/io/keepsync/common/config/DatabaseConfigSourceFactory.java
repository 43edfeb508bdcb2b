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
 * {@code ./mvnw quarkus:dev} needs nothing installed.
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

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
