package io.keepsync.auth;

import java.util.UUID;

/** A signed-in browser: whose it is, and the token its forms must carry. */
public record WebSession(UUID userId, String csrfToken) {
}
