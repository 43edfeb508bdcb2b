package io.keepsync.backup.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import io.keepsync.backup.catalog.BackupConfig;

/** Picks the store {@code keepsync.backup.store} names; only that one is ever created. */
@ApplicationScoped
public class BackupStores {

    @Produces
    @ApplicationScoped
    BackupStore store(BackupConfig config, Instance<FileSystemBackupStore> filesystem, Instance<S3BackupStore> s3) {
        return switch (config.store()) {
            case FILESYSTEM -> filesystem.get();
            case S3 -> s3.get();
        };
    }
}
