package io.keepsync.auth;

import java.util.UUID;

/** A signed-in browser: whose it is, the token its forms must carry, and the hash its cookie's secret is kept as. */
public record WebSession(UUID userId, String csrfToken, String tokenHash) {
}
