package io.keepsync.sync;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.auth.AccountDeleted;

/** Removes a deleted account's sync data in the deleting transaction. */
@ApplicationScoped
public class SyncAccountCleanup {

    @Inject
    SyncRepository repository;

    void onAccountDeleted(@Observes AccountDeleted event) throws SQLException {
        repository.deleteUser(event.userId());
    }
}
