package io.keepsync.sync.push;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.sync.SyncIds;
import io.keepsync.sync.wire.PushedData;

/**
 * One change as a client sends it. Fields are loosely typed on purpose: a bad change is rejected on its own with
 * a reason, while the rest of the batch applies.
 */
public record PushChange(
        @Schema(description = "Mutation id, unique per user; a repeat is answered 'duplicate'") String id,
        @Schema(pattern = SyncIds.ENTITY_TYPE_PATTERN) String entityType,
        String entityId,
        @Schema(enumeration = {
                "create", "update", "delete" }) String action,
        @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = "A JSON object, at most keepsync.sync.max-data-bytes long; ignored for delete") PushedData data,
        @Schema(description = "ISO-8601 instant or epoch milliseconds; falls back to data.lastModifiedAt, then createdAt") JsonNode lastModifiedAt,
        JsonNode createdAt){
}
