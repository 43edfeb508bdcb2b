package io.keepsync.common.encoding;

import java.io.IOException;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How the API reads and writes JSON beyond Jackson's defaults: every instant with exactly three fractional digits,
 * and a repeated key in a request refused rather than one of its values silently chosen.
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    /** Last, after Quarkus registers the java.time module, whose instant writer this one replaces. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("keepsync-instants").addSerializer(Instant.class, new InstantWriter()));
    }

    /** Writes instants with {@link IsoInstants}. */
    static final class InstantWriter extends StdSerializer<Instant> {

        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant instant, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(IsoInstants.format(instant));
        }
    }
}
