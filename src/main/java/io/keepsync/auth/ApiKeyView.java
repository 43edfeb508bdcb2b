package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;

/** An API key as listed: never with its secret. */
public record ApiKeyView(UUID id, String name, Instant createdAt, Instant lastUsedAt) {

    static ApiKeyView from(ApiKey key) {
        return new ApiKeyView(key.id, key.name, key.createdAt, key.lastUsedAt);
    }
}
