package io.keepsync.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.keepsync.common.error.ProblemException;

/** Device API keys: issue, list, revoke, and recognise them on requests. */
@ApplicationScoped
public class ApiKeyService {

    @Inject
    AuthRepository repository;

    @Inject
    Event<CredentialsRevoked> revoked;

    static final String PREFIX = "ks_";

    /** {@code lastUsedAt} is kept to the minute, so that a busy device does not write on every request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    @Transactional
    public ApiKeyCreated create(UUID userId, ApiKeyRequest request) {
        List<String> scopes = scopes(request.scopes());
        String secret = Secrets.random(PREFIX);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.userId = userId;
        key.name = request.name().trim();
        key.keyHash = Secrets.hash(secret);
        key.createdAt = Instant.now();
        key.scopes = scopes.toArray(String[]::new);
        key.persist();
        return new ApiKeyCreated(key.id, key.name, secret, scopes, key.createdAt);
    }

    @Transactional
    public List<ApiKeyView> list(UUID userId) {
        return repository.apiKeysOf(userId).stream().map(ApiKeyView::from).toList();
    }

    /** Revokes the key: it stops working at once, its open event streams included, on every replica. */
    @Transactional
    public void delete(UUID userId, UUID keyId) {
        ApiKey key = repository.apiKey(keyId, userId).orElseThrow(() -> ProblemException.notFound("API key " + keyId));
        key.delete();
        revoked.fire(new CredentialsRevoked(userId));
    }

    /** Who a live key speaks for and what it may do. */
    @Transactional
    public Optional<Caller> authenticate(String secret) {
        return repository.apiKeyByHash(Secrets.hash(secret)).map(key -> {
            Instant now = Instant.now();
            if (key.lastUsedAt == null || key.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                key.lastUsedAt = now;
            }
            return new Caller(key.userId, Roles.ofScopes(List.of(key.scopes)), null);
        });
    }

    /** The scopes asked for, checked, in a stable order; the default ones when none were. */
    private static List<String> scopes(List<String> asked) {
        if (asked == null) {
            return Roles.DEFAULT_KEY_SCOPES;
        }
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        for (String scope : asked) {
            if (scope == null || !Roles.KEY_SCOPES.contains(scope)) {
                throw ProblemException.invalid("scopes", "each must be one of " + String.join(", ", Roles.KEY_SCOPES));
            }
            scopes.add(scope);
        }
        if (scopes.isEmpty()) {
            throw ProblemException.invalid("scopes", "must name at least one of " + String.join(", ", Roles.KEY_SCOPES));
        }
        return Roles.KEY_SCOPES.stream().filter(scopes::contains).toList();
    }
}
