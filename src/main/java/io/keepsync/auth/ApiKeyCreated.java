package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;

/** A new API key, with its secret: the only time the secret is shown. */
public record ApiKeyCreated(UUID id, String name, String key, Instant createdAt) {
}
