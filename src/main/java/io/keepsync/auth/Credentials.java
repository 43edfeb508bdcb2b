package io.keepsync.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.keepsync.common.text.Storable;

/** Email and password, for registration and login. */
@Schema(example = "{\"email\": \"ada@example.com\", \"password\": \"correct horse battery\"}")
public record Credentials(
        @NotBlank @Email @Size(max = 320) @Storable String email,
        @NotNull @Size(min = 10, max = 1024, message = "must be at least 10 characters long") String password) {

    public Credentials {
        email = email == null ? null : email.trim();
    }

    /** Emails are compared trimmed and lower-cased. */
    public String normalizedEmail() {
        return email.toLowerCase(java.util.Locale.ROOT);
    }
}
