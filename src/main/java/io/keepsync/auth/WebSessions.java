package io.keepsync.auth;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Server-side sessions of the web console. The cookie holds a random secret; the database holds its hash, the user
 * and a CSRF token, so signing out (deleting the row) ends the session at once on every replica.
 */
@ApplicationScoped
public class WebSessions {

    /** The cookie that carries a session's secret. */
    public static final String COOKIE = "keepsync_session";

    /** A new session: the secret for the cookie, and the session it stands for. */
    public record Started(String secret, WebSession session) {
    }

    @Inject
    AuthRepository repository;

    @Inject
    AuthConfig config;

    @Transactional
    public Started start(UUID userId) {
        String secret = Secrets.random("");
        String csrf = Secrets.random("");
        repository.insertWebSession(UUID.randomUUID(), userId, Secrets.hash(secret), csrf,
                config.webSessionLifetime());
        return new Started(secret, new WebSession(userId, csrf));
    }

    /** The live session this cookie secret belongs to, if any (expired, signed out or of a deleted account: none). */
    public Optional<WebSession> find(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return repository.webSession(Secrets.hash(secret));
    }

    /** The user of a live session, for checks that need nothing else (an open event stream). */
    public Optional<UUID> userOf(String secret) {
        return find(secret).map(WebSession::userId);
    }

    @Transactional
    public void end(String secret) {
        if (secret != null && !secret.isBlank()) {
            repository.deleteWebSession(Secrets.hash(secret));
        }
    }

    /** Deletes the sessions that have expired (they already let nobody in); returns how many. */
    @Transactional
    public int deleteExpired() {
        return repository.deleteExpiredWebSessions();
    }

    /** A random token for a form that has no session yet (the sign-in form's double-submit token). */
    public String signInToken() {
        return Secrets.random("");
    }

    /** How long a session lasts, for the cookie's Max-Age. */
    public long lifetimeSeconds() {
        return config.webSessionLifetime().toSeconds();
    }
}
