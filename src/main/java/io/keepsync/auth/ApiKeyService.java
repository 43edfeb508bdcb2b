package io.keepsync.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;

/** Device API keys: issue, list, revoke, and recognise them on requests. */
@ApplicationScoped
public class ApiKeyService {

    @Inject
    AuthRepository repository;

    static final String PREFIX = "ks_";

    /** {@code lastUsedAt} is kept to the minute, so that a busy device does not write on every request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    @Transactional
    public ApiKeyCreated create(UUID userId, String name) {
        String secret = Secrets.random(PREFIX);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.userId = userId;
        key.name = name.trim();
        key.keyHash = Secrets.hash(secret);
        key.createdAt = Instant.now();
        key.persist();
        return new ApiKeyCreated(key.id, key.name, secret, key.createdAt);
    }

    @Transactional
    public List<ApiKeyView> list(UUID userId) {
        return repository.apiKeysOf(userId).stream().map(ApiKeyView::from).toList();
    }

    @Transactional
    public void delete(UUID userId, UUID keyId) {
        ApiKey key = repository.apiKey(keyId, userId).orElseThrow(() -> ProblemException.notFound("API key " + keyId));
        key.delete();
    }

    /** The user the key belongs to, if it is a live key. */
    @Transactional
    public Optional<UUID> authenticate(String secret) {
        return repository.apiKeyByHash(Secrets.hash(secret)).map(key -> {
            Instant now = Instant.now();
            if (key.lastUsedAt == null || key.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                key.lastUsedAt = now;
            }
            return key.userId;
        });
    }
}
