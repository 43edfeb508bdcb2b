package io.keepsync.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.keepsync.auth.AccountDeleted;

/** Removes a deleted account's sync data in the deleting transaction. */
@ApplicationScoped
public class SyncAccountCleanup {

    void onAccountDeleted(@Observes AccountDeleted event) {
        SyncRecord.delete("userId", event.userId());
        SyncClient.delete("userId", event.userId());
        SyncState.delete("userId", event.userId());
        SyncState.getEntityManager().createNativeQuery("DELETE FROM sync_mutations WHERE user_id = ?1")
                .setParameter(1, event.userId()).executeUpdate();
    }
}
