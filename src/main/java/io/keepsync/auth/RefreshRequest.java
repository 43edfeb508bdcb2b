package io.keepsync.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A refresh token presented for rotation or logout. */
public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
}
