package io.keepsync.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.jwt.build.Jwt;

/**
 * Issues the RS256 access tokens that {@link BearerIdentityProvider} accepts: issuer and audience from config, the
 * signing key's thumbprint as {@code kid}, and the sign-in session they belong to as {@code sid}.
 */
@ApplicationScoped
public class TokenIssuer {

    /** The claim naming the sign-in session ({@link AuthSession}) a token belongs to. */
    static final String SESSION_CLAIM = "sid";

    @Inject
    JwtConfig config;

    @Inject
    SigningKeys keys;

    public String accessToken(UUID userId, UUID sessionId) {
        Instant now = Instant.now();
        SigningKeys.SigningKey key = keys.signing();
        return Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(userId.toString())
                .upn(userId.toString())
                .groups(Set.of(Roles.ACCOUNT))
                .claim(SESSION_CLAIM, sessionId.toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenLifetime()))
                .jws().keyId(key.kid())
                .sign(key.privateKey());
    }

    public long accessTokenSeconds() {
        return config.accessTokenLifetime().toSeconds();
    }
}
