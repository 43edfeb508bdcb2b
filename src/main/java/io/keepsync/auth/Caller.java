package io.keepsync.auth;

import java.util.Set;
import java.util.UUID;

/**
 * Who a credential speaks for and what it may do: the user, the roles ({@link Roles}), and the sign-in session an
 * access token belongs to (null for a device key).
 */
public record Caller(UUID userId, Set<String> roles, UUID sessionId) {

    public boolean may(String role) {
        return roles.contains(role);
    }
}
