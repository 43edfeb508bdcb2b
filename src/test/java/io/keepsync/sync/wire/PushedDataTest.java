package io.keepsync.sync.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.keepsync.sync.push.PushChange;
import io.keepsync.sync.push.PushRequest;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PushedDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<PushChange> read(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return JSON.readerFor(PushRequest.class).withAttribute(PushedData.BODY, bytes).<PushRequest> readValue(bytes)
                .changes();
    }

    @Test
    void compact_data_is_cut_out_of_the_body_exactly_as_sent() throws Exception {
        String first = "{\"name\":\"caf\\u00e9 \\\"x\\\" \u6df1\",\"n\":[1,2.50,-0,1e5],\"o\":{\"lastModifiedAt\":1}}";
        String second = "{\"lastModifiedAt\":\"2026-11-20T10:00:00Z\",\"s\":\"a\\\\\"}";
        List<PushChange> changes = read("{\"clientId\":\"a\",\"changes\":[{\"id\":\"1\",\"data\":" + first
                + ",\"action\":\"create\"},{\"data\":" + second + ",\"id\":\"2\"}]}");
        assertEquals(first, changes.get(0).data().json());
        assertEquals(first.getBytes(StandardCharsets.UTF_8).length, changes.get(0).data().utf8Length());
        assertNull(changes.get(0).data().lastModifiedAt(), "only a top-level lastModifiedAt counts");
        assertEquals("create", changes.get(0).action());
        assertEquals(second, changes.get(1).data().json());
        assertEquals("2026-11-20T10:00:00Z", changes.get(1).data().lastModifiedAt().textValue());
        assertEquals("2", changes.get(1).id());
    }

    @Test
    void data_with_whitespace_between_tokens_is_stored_compact() throws Exception {
        List<PushChange> changes = read("""
                {"clientId": "a", "changes": [{"id": "1", "data": {
                   "name" : "two  words\\t",
                   "list" : [ 1 , 2.50 ],
                   "lastModifiedAt" : 1763632800000 } }]}""");
        PushedData data = changes.get(0).data();
        assertEquals("{\"name\":\"two  words\\t\",\"list\":[1,2.50],\"lastModifiedAt\":1763632800000}", data.json());
        assertEquals(1763632800000L, data.lastModifiedAt().longValue());
    }

    @Test
    void anything_but_an_object_is_marked_as_such() throws Exception {
        List<PushChange> changes = read("{\"changes\":[{\"data\":[1,{\"a\":2}]},{\"data\":\"text\"},{\"data\":null}]}");
        assertFalse(changes.get(0).data().object());
        assertFalse(changes.get(1).data().object());
        assertNull(changes.get(2).data());
    }

    @Test
    void whitespace_inside_strings_does_not_count() {
        assertFalse(hasWhitespace("{\"a\":\"b c\\\" d\"}"));
        assertFalse(hasWhitespace("{\"a \\\\\":\"\\\\\"}"));
        assertTrue(hasWhitespace("{\"a\\\\\" :1}"));
        assertTrue(hasWhitespace("{\"a\":1,\n\"b\":2}"));
        assertTrue(hasWhitespace("{\"a\":\"\\\"\"\t}"));
    }

    private static boolean hasWhitespace(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return PushedData.Reader.hasWhitespace(bytes, 0, bytes.length);
    }
}
