package io.keepsync.auth;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The signed-in user as {@code GET /api/v1/me} shows them; {@code issuer} and {@code subject} name a user who signs in
 * with the app's identity provider (null for an own account).
 */
public record Me(UUID userId, String email, Instant createdAt,
        @Schema(description = "The identity provider's token issuer, for a user who signs in there") String issuer,
        @Schema(description = "The provider's subject (sub) of that user") String subject) {

    /** What the console asks a person to type before deleting the account: the email, else the provider's subject. */
    @JsonIgnore
    public String confirmation() {
        return email != null ? email : subject;
    }

    static Me from(User user) {
        return new Me(user.id, user.email, user.createdAt, user.issuer, user.subject);
    }
}
