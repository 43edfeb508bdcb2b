package io.keepsync.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.keepsync.common.text.Storable;

/** A request for a new device API key. */
@Schema(example = "{\"name\": \"Pixel 7 backups\"}")
public record ApiKeyRequest(@NotBlank @Size(max = 100) @Storable String name) {
}
