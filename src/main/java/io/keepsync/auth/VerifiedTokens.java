package io.keepsync.auth;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Access tokens this process has already verified. A client sends the same token with every request for its
 * lifetime, and parsing and verifying it (the JWT parser and RS256) is a measurable part of a pull page's work
 * (docs/performance.md). Only tokens that passed verification are kept, each under the whole token and the key that
 * verified it, and an entry answers only before the token's {@code exp} and while that key still verifies tokens.
 * Whether its sign-in session is still live is checked on every request regardless.
 */
// Caffeine picks the node class of a size-bounded, variably expiring cache by name; Quarkus registers other ones.
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.PSAMS")
@ApplicationScoped
class VerifiedTokens {

    /** Who a verified token speaks for, in which sign-in session, until when, and which key verified it. */
    record Verified(UUID user, UUID session, long expiresAtSecond, PublicKey key) {
    }

    /** Null when the configured size is 0: every request is verified. */
    private final Cache<String, Verified> cache;

    VerifiedTokens(JwtConfig config) {
        long size = config.verifiedTokenCacheSize();
        cache = size <= 0 ? null
                : Caffeine.newBuilder()
                        .maximumSize(size)
                        .expireAfter(Expiry.<String, Verified> creating((token, verified) -> Duration.ofSeconds(
                                Math.max(0, verified.expiresAtSecond() - Instant.now().getEpochSecond()))))
                        .build();
    }

    /**
     * A token verified before with this key, if it has not expired. Like the verifier (no clock skew), a token is
     * valid while the current second is before its {@code exp}.
     */
    Optional<Verified> lookup(String token, PublicKey key) {
        Verified verified = cache == null ? null : cache.getIfPresent(token);
        if (verified == null || !verified.key().equals(key)
                || Instant.now().getEpochSecond() >= verified.expiresAtSecond()) {
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    void remember(String token, Verified verified) {
        if (cache != null) {
            cache.put(token, verified);
        }
    }
}
