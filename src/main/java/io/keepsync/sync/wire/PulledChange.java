package io.keepsync.sync.wire;

import java.io.IOException;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.keepsync.common.encoding.IsoInstants;

/** A record as a pull delivers it; {@code data} is null for deletions. */
@JsonSerialize(using = PulledChange.Writer.class)
public record PulledChange(String entityType, String entityId,
        @Schema(enumeration = {
                "upsert", "delete" }) String action,
        @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = "The record's JSON object; null for a deletion") RawJson data,
        Instant lastModifiedAt, String clientId, long version){

    /**
     * Writes a change field by field in the record's order, {@code data} as the JSON bytes PostgreSQL returned: a
     * page carries up to 1000 changes, and the generic bean serializer calls accessors reflectively and formats
     * each timestamp with java.time. The OpenAPI schema comes from the record's components, and a test checks that
     * this writer emits exactly those fields.
     */
    static final class Writer extends StdSerializer<PulledChange> {

        Writer() {
            super(PulledChange.class);
        }

        @Override
        public void serialize(PulledChange change, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeStringField("entityType", change.entityType());
            json.writeStringField("entityId", change.entityId());
            json.writeStringField("action", change.action());
            json.writeFieldName("data");
            if (change.data() == null) {
                json.writeNull();
            } else {
                json.writeRawValue(change.data());
            }
            json.writeStringField("lastModifiedAt",
                    change.lastModifiedAt() == null ? null : IsoInstants.format(change.lastModifiedAt()));
            json.writeStringField("clientId", change.clientId());
            json.writeNumberField("version", change.version());
            json.writeEndObject();
        }
    }
}
