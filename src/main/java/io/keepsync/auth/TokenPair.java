package io.keepsync.auth;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to register, login and refresh: a short-lived access token and the next refresh token. */
@Schema(example = "{\"userId\": \"0d9c6a52-3f0e-4a5b-9a55-6b1f3c2d1e00\", \"accessToken\": \"eyJ...\", "
        + "\"refreshToken\": \"Qm9ndXM...\", \"tokenType\": \"Bearer\", \"expiresIn\": 900}")
public record TokenPair(UUID userId, String accessToken, String refreshToken, String tokenType, long expiresIn) {
}
