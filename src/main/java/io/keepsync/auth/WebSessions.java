package io.keepsync.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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

    /** Where a console link signs a browser in, and for how long a link works. */
    public static final String LINK_PATH = "/signin/link";
    public static final int LINK_MINUTES = 5;

    /** A new session: the secret for the cookie, and the session it stands for. */
    public record Started(String secret, WebSession session) {
    }

    @Inject
    AuthRepository repository;

    @Inject
    AuthConfig config;

    @Inject
    Event<CredentialsRevoked> revoked;

    @Transactional
    public Started start(UUID userId) {
        String secret = Secrets.random("");
        String csrf = Secrets.random("");
        String hash = Secrets.hash(secret);
        repository.insertWebSession(UUID.randomUUID(), userId, hash, csrf, config.webSessionLifetime());
        return new Started(secret, new WebSession(userId, csrf, hash));
    }

    /** A single-use link secret that signs a browser into the user's console within {@link #LINK_MINUTES}. */
    @Transactional
    public String link(UUID userId) {
        String secret = Secrets.random("");
        repository.insertConsoleLink(Secrets.hash(secret), userId, Duration.ofMinutes(LINK_MINUTES));
        return secret;
    }

    /** Spends a link: a new session of its user, unless the link was used, expired or never made. */
    @Transactional
    public Optional<Started> redeem(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return repository.redeemConsoleLink(Secrets.hash(secret)).map(this::start);
    }

    /** The live session this cookie secret belongs to, if any (expired, signed out or of a deleted account: none). */
    public Optional<WebSession> find(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return repository.webSession(Secrets.hash(secret));
    }

    /** The caller a live session speaks for, for checks that need nothing else (an open event stream). */
    public Optional<Caller> callerOf(String secret) {
        return find(secret).map(session -> new Caller(session.userId(), Roles.EVERYTHING, null));
    }

    /** Signs the browser out: its session ends on every replica, its open event stream included. */
    @Transactional
    public void end(String secret) {
        if (secret != null && !secret.isBlank()) {
            repository.deleteWebSession(Secrets.hash(secret)).ifPresent(user -> revoked.fire(new CredentialsRevoked(user)));
        }
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
