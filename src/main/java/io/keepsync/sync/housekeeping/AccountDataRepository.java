package io.keepsync.sync.housekeeping;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.keepsync.sync.SyncDevice;
import io.keepsync.sync.SyncHead;
import io.keepsync.sync.SyncMutation;
import io.keepsync.sync.SyncRecord;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** An account's sync data as a whole, removed with the account: its head, records, devices and mutation log. */
@ApplicationScoped
public class AccountDataRepository implements PanacheRepositoryBase<SyncHead, UUID> {

    /** Locks the head until the transaction ends; a push under way holds it until it commits. */
    public void lockHead(UUID userId) {
        findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE);
    }

    public void deleteAll(UUID userId) {
        SyncRecord.delete("userId", userId);
        SyncDevice.delete("userId", userId);
        SyncMutation.delete("userId", userId);
        delete("userId", userId);
    }
}
