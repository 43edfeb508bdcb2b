package io.keepsync.auth;

import java.util.UUID;

/**
 * Fired inside a transaction that ends some of a user's credentials (a key revoked, a session ended, the password
 * changed, the account deleted): whatever holds one of them open, such as an event stream, checks it again at once.
 */
public record CredentialsRevoked(UUID userId) {
}
