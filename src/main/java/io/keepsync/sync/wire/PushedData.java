package io.keepsync.sync.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A pushed change's {@code data} as the JSON text the database stores, read without building a tree of it and printing
 * the tree back, which costs more than the rest of a push's parsing (docs/performance.md).
 * <p>
 * When the push body is at hand as bytes ({@link #BODY}, set by the push body reader), a compact object is stored
 * exactly as the client wrote it: the parser only skips over it and the text is cut out of the body. An object with
 * whitespace between its tokens is copied token by token into compact form instead. Either way numbers keep the
 * digits the client wrote. The top-level {@code lastModifiedAt}, if any, is kept aside: it is the fallback timestamp of
 * a change that does not carry its own.
 *
 * @param json the value as compact JSON text, or null when it is not an object (which is rejected)
 * @param utf8Length the length of {@code json} in UTF-8 bytes
 * @param lastModifiedAt the object's top-level {@code lastModifiedAt} value, or null
 * @param storable whether all its text can be stored exactly: no NUL and no lone surrogate, escaped or not
 */
@JsonDeserialize(using = PushedData.Reader.class)
public record PushedData(String json, int utf8Length, JsonNode lastModifiedAt, boolean storable) {

    /** Whether the value is a JSON object; anything else is rejected. */
    public boolean object() {
        return json != null;
    }

    /** Deserialization attribute: the whole push body (a byte array) the parser reads. */
    public static final String BODY = PushedData.class.getName() + ".body";

    public static final class Reader extends StdDeserializer<PushedData> {

        private static final String LAST_MODIFIED_AT = "lastModifiedAt";
        private static final JsonFactory JSON = new JsonFactory();

        public Reader() {
            super(PushedData.class);
        }

        @Override
        public PushedData deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return new PushedData(null, 0, null, true);
            }
            if (!(context.getAttribute(BODY) instanceof byte[] body)) {
                return copy(parser, context);
            }
            int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
            JsonNode lastModifiedAt = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                boolean timestamp = LAST_MODIFIED_AT.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (timestamp) {
                    lastModifiedAt = scalar(parser, value);
                }
                parser.skipChildren();
            }
            int end = Math.toIntExact(parser.currentLocation().getByteOffset());
            if (body[start] != '{' || body[end - 1] != '}') {
                throw new IllegalStateException("data was not found at bytes " + start + ".." + end + " of the body");
            }
            int scan = scan(body, start, end);
            if ((scan & WHITESPACE) != 0) {
                try (JsonParser again = JSON.createParser(body, start, end - start)) {
                    again.nextToken();
                    return copy(again, context);
                }
            }
            return new PushedData(new String(body, start, end - start, StandardCharsets.UTF_8), end - start,
                    lastModifiedAt, (scan & UNSTORABLE) == 0);
        }

        private static final int WHITESPACE = 1;
        private static final int UNSTORABLE = 2;

        /** Whether the JSON text has whitespace outside its strings, that is, whether it is not compact. */
        static boolean hasWhitespace(byte[] json, int start, int end) {
            return (scan(json, start, end) & WHITESPACE) != 0;
        }

        /**
         * One pass over compact-or-not JSON text (valid UTF-8): {@link #WHITESPACE} when there is whitespace outside
         * its strings, {@link #UNSTORABLE} when a string holds an escaped NUL or an escaped surrogate that is not
         * half of a pair (valid UTF-8 encodes neither, so only escapes can).
         */
        static int scan(byte[] json, int start, int end) {
            int found = 0;
            boolean inString = false;
            for (int i = start; i < end; i++) {
                byte b = json[i];
                if (inString) {
                    if (b == '"') {
                        inString = false;
                    } else if (b == '\\') {
                        i++;
                        if (i < end && json[i] == 'u') {
                            int unit = hex4(json, i + 1, end);
                            i += 4;
                            if (unit == 0 || Character.isLowSurrogate((char) unit)) {
                                found |= UNSTORABLE;
                            } else if (Character.isHighSurrogate((char) unit)) {
                                int low = i + 2 < end && json[i + 1] == '\\' && json[i + 2] == 'u'
                                        ? hex4(json, i + 3, end)
                                        : -1;
                                if (low >= 0 && Character.isLowSurrogate((char) low)) {
                                    i += 6;
                                } else {
                                    found |= UNSTORABLE;
                                }
                            }
                        }
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    found |= WHITESPACE;
                }
            }
            return found;
        }

        /** The four hex digits at {@code at} as a UTF-16 code unit, or -1 (a parser has checked the syntax). */
        private static int hex4(byte[] json, int at, int end) {
            if (at + 4 > end) {
                return -1;
            }
            int unit = 0;
            for (int i = at; i < at + 4; i++) {
                int digit = Character.digit(json[i], 16);
                if (digit < 0) {
                    return -1;
                }
                unit = unit * 16 + digit;
            }
            return unit;
        }

        /** Copies the object the parser is at, token by token, into compact JSON text. */
        private static PushedData copy(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode lastModifiedAt = null;
            try (ByteArrayBuilder bytes = new ByteArrayBuilder(); JsonGenerator out = JSON.createGenerator(bytes)) {
                int depth = 0;
                boolean timestampNext = false;
                for (JsonToken token = parser.currentToken();; token = parser.nextToken()) {
                    if (token == null) {
                        throw context.wrongTokenException(parser, PushedData.class, JsonToken.END_OBJECT,
                                "the body ended inside data");
                    }
                    if (timestampNext) {
                        lastModifiedAt = scalar(parser, token);
                        timestampNext = false;
                    }
                    switch (token) {
                        case START_OBJECT -> {
                            out.writeStartObject();
                            depth++;
                        }
                        case START_ARRAY -> {
                            out.writeStartArray();
                            depth++;
                        }
                        case END_OBJECT -> {
                            out.writeEndObject();
                            depth--;
                        }
                        case END_ARRAY -> {
                            out.writeEndArray();
                            depth--;
                        }
                        case FIELD_NAME -> {
                            String name = parser.currentName();
                            out.writeFieldName(name);
                            timestampNext = depth == 1 && LAST_MODIFIED_AT.equals(name);
                        }
                        case VALUE_STRING ->
                            out.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                            out.writeNumber(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                        case VALUE_TRUE -> out.writeBoolean(true);
                        case VALUE_FALSE -> out.writeBoolean(false);
                        case VALUE_NULL -> out.writeNull();
                        default -> throw context.wrongTokenException(parser, PushedData.class, token,
                                "unexpected token in data");
                    }
                    if (depth == 0) {
                        break;
                    }
                }
                out.flush();
                byte[] utf8 = bytes.toByteArray();
                // The generator escapes a NUL and a lone surrogate, so the scan finds them as in sent text.
                return new PushedData(new String(utf8, StandardCharsets.UTF_8), utf8.length, lastModifiedAt,
                        (scan(utf8, 0, utf8.length) & UNSTORABLE) == 0);
            }
        }

        /**
         * The value of a top-level {@code lastModifiedAt} as the timestamp rules read it: text and integers as such,
         * null as absent, and a stand-in of the same kind for anything else (which those rules reject).
         */
        private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (token) {
                case VALUE_STRING -> nodes.textNode(parser.getText());
                case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? nodes.numberNode(parser.getBigIntegerValue())
                        : nodes.numberNode(parser.getLongValue());
                // Not decoded: no float is a timestamp, and 1e9999999999 has no BigDecimal.
                case VALUE_NUMBER_FLOAT -> nodes.numberNode(Double.NaN);
                case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> null;
                case START_ARRAY -> nodes.arrayNode();
                default -> nodes.objectNode();
            };
        }
    }
}
