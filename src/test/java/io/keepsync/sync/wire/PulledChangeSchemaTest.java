package io.keepsync.sync.wire;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** The pulled change is written by hand; its fields must stay the ones the OpenAPI schema promises, in order. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PulledChangeSchemaTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void the_writer_emits_exactly_the_fields_of_the_openapi_schema_in_the_records_order() throws Exception {
        PulledChange change = new PulledChange("workout", "w-1", "upsert",
                new RawJson("{\"a\":1}".getBytes(StandardCharsets.UTF_8)), Instant.parse("2026-11-20T10:00:00.123Z"),
                "pixel", 7);
        List<String> written = new ArrayList<>();
        Iterator<String> names = mapper.readTree(mapper.writeValueAsString(change)).fieldNames();
        names.forEachRemaining(written::add);

        List<String> components = Arrays.stream(PulledChange.class.getRecordComponents()).map(RecordComponent::getName)
                .toList();
        assertEquals(components, written);

        Map<String, Object> schema = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().path("components.schemas.PulledChange.properties");
        assertEquals(new TreeSet<>(schema.keySet()), new TreeSet<>(written));
    }

    @Test
    void a_deletion_is_written_with_null_data() throws Exception {
        PulledChange change = new PulledChange("workout", "w-1", "delete", null, Instant.EPOCH, "pixel", 8);
        JsonNode json = mapper.readTree(mapper.writeValueAsString(change));
        assertEquals(true, json.get("data").isNull());
        assertEquals("1970-01-01T00:00:00.000Z", json.get("lastModifiedAt").textValue());
    }
}
