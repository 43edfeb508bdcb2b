package io.keepsync.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A new API key, with its secret: the only time the secret is shown. */
public record ApiKeyCreated(UUID id, String name, String key, List<String> scopes, Instant createdAt) {
}
