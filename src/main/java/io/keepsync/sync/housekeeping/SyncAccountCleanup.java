package io.keepsync.sync.housekeeping;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.auth.AccountDeleted;
import io.keepsync.auth.AccountService;

/**
 * Removes a deleted account's sync data in the deleting transaction. sync_records and sync_mutations have no foreign
 * key to users (a check per pushed change costs too much), so this is what keeps them from outliving the account. It
 * locks the head first (every push holds it until commit) and then the account (a push creating its head holds a
 * key-share lock on it), in the order a push takes them, so that a push under way commits before the rows go and a
 * later push fails on the head's foreign key once the account is gone.
 */
@ApplicationScoped
public class SyncAccountCleanup {

    @Inject
    AccountDataRepository data;

    @Inject
    AccountService accounts;

    void onAccountDeleted(@Observes AccountDeleted event) {
        data.lockHead(event.userId());
        accounts.lockAccount(event.userId());
        data.deleteAll(event.userId());
    }
}
