package io.keepsync.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as listed: never with its secret. */
public record ApiKeyView(UUID id, String name, List<String> scopes, Instant createdAt, Instant lastUsedAt) {

    static ApiKeyView from(ApiKey key) {
        return new ApiKeyView(key.id, key.name, List.of(key.scopes), key.createdAt, key.lastUsedAt);
    }
}
