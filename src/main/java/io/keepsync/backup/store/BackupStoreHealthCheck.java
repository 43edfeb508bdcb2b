package io.keepsync.backup.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the backup store accepts writes: without it no upload can succeed. */
@Readiness
@ApplicationScoped
public class BackupStoreHealthCheck implements HealthCheck {

    private static final String NAME = "Backup directory";

    @Inject
    BackupStore store;

    @Override
    public HealthCheckResponse call() {
        BackupStore.Health health = store.probe();
        return health.up() ? HealthCheckResponse.named(NAME).up().withData("path", health.location()).build()
                : HealthCheckResponse.named(NAME).down().withData("error", health.problem()).build();
    }
}
