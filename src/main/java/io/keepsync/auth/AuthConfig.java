package io.keepsync.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of accounts, sessions and tokens ({@code KEEPSYNC_AUTH_*}, {@code KEEPSYNC_JWT_*}). */
@ConfigMapping(prefix = "keepsync")
public interface AuthConfig {

    /** Accounts and sessions. */
    Auth auth();

    /** Access tokens. */
    Jwt jwt();

    interface Auth {
        /** {@code open} lets anyone register; {@code closed} answers 403 to registration. */
        @WithDefault("open")
        Registration registration();

        /** How long a refresh token (one step of a session) stays valid. */
        @WithDefault("P30D")
        Duration refreshTokenLifetime();

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
    }

    interface Jwt {
        /** The {@code iss} claim written into and required from access tokens. */
        @WithDefault("keepsync")
        String issuer();

        /** Access token lifetime. */
        @WithDefault("PT15M")
        Duration accessTokenLifetime();

        /** RSA private key (PKCS#8 PEM) that signs access tokens; generated and kept in PostgreSQL when unset. */
        Optional<String> privateKey();

        /** RSA public key (X.509 PEM) matching {@code private-key}; derived from it when unset. */
        Optional<String> publicKey();

        /** Verified access tokens remembered until they expire (about 1 KB each); 0 verifies every request. */
        @WithDefault("4096")
        long verifiedTokenCacheSize();
    }

    enum Registration {
        OPEN,
        CLOSED
    }
}
