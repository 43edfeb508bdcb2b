package io.keepsync.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Accounts and sessions ({@code KEEPSYNC_AUTH_*}). */
@ConfigMapping(prefix = "keepsync.auth")
public interface AuthConfig {

    /** {@code open} lets anyone register; {@code closed} answers 403 to registration. */
    @WithDefault("open")
    Registration registration();

    /** How long a refresh token (one step of a session) stays valid. */
    @WithDefault("P30D")
    Duration refreshTokenLifetime();

    /** The longest a sign-in session (the family of its refresh tokens) lives from sign-in, however often refreshed. */
    @WithDefault("P90D")
    Duration sessionMaxAge();

    /**
     * Requests a minute one client address may make to register, log in, refresh, sign in to the console and change a
     * password (429 above); 0 turns the limit off.
     */
    @WithDefault("30")
    int rateLimit();

    /** Password hashes computed at once (each holds a core for tens of milliseconds); the cores when unset. */
    OptionalInt maxConcurrentHashes();

    /** How long a web console session lasts after signing in. */
    @WithDefault("PT12H")
    Duration webSessionLifetime();

    /** Failed logins for one email, within {@code login-failure-window}, before it is locked out. */
    @WithDefault("5")
    int maxLoginFailures();

    /** The window in which failed logins are counted. */
    @WithDefault("PT15M")
    Duration loginFailureWindow();

    /** How long an email stays locked out after too many failures. */
    @WithDefault("PT5M")
    Duration loginLockout();

    /** The bcrypt cost factor of stored password hashes. */
    @WithDefault("10")
    int bcryptCost();

    /** The app's own identity provider, whose tokens Keepsync accepts beside its own ({@code KEEPSYNC_AUTH_EXTERNAL_*}). */
    External external();

    interface External {

        /** The provider's token issuer ({@code iss}); with the JWKS address and the audience, turns this on. */
        Optional<String> issuer();

        /** Where the provider publishes its signing keys (a JWK set). */
        Optional<String> jwksUrl();

        /** The audience ({@code aud}) the provider's tokens must name for this app. */
        Optional<String> audience();

        /** The claim that holds the user's email. */
        @WithDefault("email")
        String emailClaim();
    }

    enum Registration {
        OPEN,
        CLOSED
    }
}
