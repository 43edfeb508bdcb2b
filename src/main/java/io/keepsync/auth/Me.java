package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;

/** The signed-in user as {@code GET /api/v1/me} shows them. */
public record Me(UUID userId, String email, Instant createdAt) {

    static Me from(User user) {
        return new Me(user.id, user.email, user.createdAt);
    }
}
