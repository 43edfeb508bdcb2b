package io.keepsync.sync;

import java.io.IOException;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/** A record as a pull delivers it; {@code data} is null for deletions. */
@JsonSerialize(using = PulledChange.Writer.class)
public record PulledChange(String entityType, String entityId,
        @Schema(enumeration = {
                "upsert", "delete" }) String action,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT, implementation = Object.class, description = "The record's JSON object; null for a deletion") RawJson data,
        Instant lastModifiedAt, String clientId, long version){

    /**
     * Writes a change field by field, {@code data} as the JSON bytes PostgreSQL returned. A page carries up to 1000
     * changes, and the generic bean serializer (reflective accessor calls, a java.time formatter per timestamp) was
     * about a third of a pull's CPU time.
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
