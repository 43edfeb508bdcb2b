package io.keepsync.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Access tokens ({@code KEEPSYNC_JWT_*}). */
@ConfigMapping(prefix = "keepsync.jwt")
public interface JwtConfig {

    /** The {@code iss} claim written into and required from access tokens. */
    @WithDefault("keepsync")
    String issuer();

    /** The {@code aud} claim written into and required from access tokens. */
    @WithDefault("keepsync")
    String audience();

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
