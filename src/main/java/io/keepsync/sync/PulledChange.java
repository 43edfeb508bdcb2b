package io.keepsync.sync;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** A record as a pull delivers it; {@code data} is null for deletions. */
public record PulledChange(String entityType, String entityId,
        @Schema(enumeration = {
                "upsert", "delete" }) String action,
        @JsonRawValue @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT) String data,
        Instant lastModifiedAt, String clientId, long version){
}
