package io.keepsync.sync.status;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.sync.SyncDeviceRepository;

/** A user's sync state at a glance, for the API and the console's devices page. */
@ApplicationScoped
public class StatusService {

    @Inject
    StatusRepository records;

    @Inject
    SyncDeviceRepository devices;

    @Transactional
    public SyncStatus status(UUID userId) {
        return new SyncStatus(records.headCursor(userId).encode(), Instant.now(), records.counts(userId),
                devices.ofUser(userId).stream()
                        .map(device -> new SyncStatus.Client(device.clientId, device.lastPushAt, device.lastPullAt))
                        .toList());
    }
}
