package io.keepsync.auth;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.keepsync.common.text.Storable;

/** A request for a new device API key, with what it may do ({@code sync}, {@code backup}, {@code backup:read}). */
@Schema(example = "{\"name\": \"Pixel 7 backups\", \"scopes\": [\"backup\"]}")
public record ApiKeyRequest(
        @NotBlank @Size(max = 100) @Storable String name,
        @Schema(description = "sync, backup and/or backup:read; [\"sync\", \"backup\"] when absent", enumeration = {
                Roles.SYNC, Roles.BACKUP, Roles.BACKUP_READ }) @Size(min = 1, max = 3) List<String> scopes){

    public ApiKeyRequest(String name) {
        this(name, null);
    }
}
