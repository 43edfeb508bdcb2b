package io.keepsync.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new password, given with the current one. */
@Schema(example = "{\"currentPassword\": \"correct horse battery\", \"newPassword\": \"staple battery horse correct\"}")
public record PasswordChange(
        @NotNull @Size(max = 1024) String currentPassword,
        @NotNull @Size(min = 10, max = 1024, message = "must be at least 10 characters long") String newPassword) {
}
