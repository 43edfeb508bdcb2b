package io.keepsync.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the backup directory accepts writes: without it no upload can succeed. */
@Readiness
@ApplicationScoped
public class BackupDirectoryHealthCheck implements HealthCheck {

    @Inject
    FileSystemBackupStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            Path probe = Files.createTempFile(store.tempDir(), "ready-", ".probe");
            Files.delete(probe);
            return HealthCheckResponse.named("Backup directory").up().withData("path", store.root().toString()).build();
        } catch (IOException | RuntimeException e) {
            return HealthCheckResponse.named("Backup directory").down()
                    .withData("error", "not writable: " + store.root()).build();
        }
    }
}
