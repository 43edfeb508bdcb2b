package io.keepsync.common.config;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

/**
 * Stops a deployment that has no database configured, with one line that says what to set, instead of letting it
 * start and fail every request.
 */
@Singleton
public class DatabaseConfigCheck {

    void onStart(@Observes @Priority(1) StartupEvent event,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl) {
        if (jdbcUrl.isEmpty() || jdbcUrl.get().isBlank()) {
            Log.error("No database configured: set DATABASE_URL (postgres://user:password@host:5432/database) "
                    + "or QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD");
            Quarkus.asyncExit(1);
        }
    }
}
