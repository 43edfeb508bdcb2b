package io.keepsync.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.jwt.build.Jwt;

/** Issues the RS256 access tokens that {@link BearerIdentityProvider} accepts. */
@ApplicationScoped
public class TokenIssuer {

    @Inject
    JwtConfig config;

    @Inject
    SigningKeys keys;

    public String accessToken(UUID userId) {
        Instant now = Instant.now();
        return Jwt.issuer(config.issuer())
                .subject(userId.toString())
                .upn(userId.toString())
                .groups(Set.of("user"))
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenLifetime()))
                .jws().keyId(SigningKeys.ACCESS_KEY_ID)
                .sign(keys.privateKey());
    }

    public long accessTokenSeconds() {
        return config.accessTokenLifetime().toSeconds();
    }
}
