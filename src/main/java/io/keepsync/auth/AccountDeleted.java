package io.keepsync.auth;

import java.util.UUID;

/**
 * Fired inside the transaction that deletes an account, before the user row goes, so each feature removes what
 * it owns; observers of the {@code AFTER_SUCCESS} phase remove files once the deletion has committed.
 */
public record AccountDeleted(UUID userId) {
}
