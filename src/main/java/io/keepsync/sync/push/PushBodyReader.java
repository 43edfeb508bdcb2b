package io.keepsync.sync.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.text.Text;
import io.keepsync.sync.wire.PushedData;

/**
 * Parses a push body (read whole on the event loop, within the JSON body limit, by the HTTP layer), with each change's
 * data cut out of it as it was sent ({@link PushedData}).
 */
@ApplicationScoped
public class PushBodyReader {

    /** What a malformed UTF-8 sequence becomes: an escaped lone surrogate, which the text rules then refuse. */
    private static final byte[] MALFORMED = "\\uDFFF".getBytes(StandardCharsets.US_ASCII);

    @Inject
    ObjectMapper mapper;

    /**
     * The push request in a body. A repeated key is not refused here as elsewhere: record data is stored as sent, and
     * refusing a whole batch for one record's data would stall a device's queue.
     */
    public PushRequest parse(byte[] body) {
        byte[] bytes = markMalformed(body);
        try {
            return mapper.readerFor(PushRequest.class).without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .withAttribute(PushedData.BODY, bytes).readValue(bytes);
        } catch (JsonProcessingException e) {
            throw ProblemException.unreadableJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body with every malformed UTF-8 sequence replaced by an escaped lone surrogate: inside a string the change
     * holding it is then rejected by the text rules, instead of the parser decoding it leniently into other text.
     */
    static byte[] markMalformed(byte[] body) {
        if (Text.isUtf8(body)) {
            return body;
        }
        CharsetDecoder decoder = Text.strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        ByteArrayOutputStream marked = new ByteArrayOutputStream(body.length + 64);
        int copied = 0;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            out.clear();
            if (result.isError()) {
                int at = in.position();
                marked.write(body, copied, at - copied);
                marked.writeBytes(MALFORMED);
                copied = at + result.length();
                in.position(copied);
            } else if (result.isUnderflow()) {
                break;
            }
        }
        marked.write(body, copied, body.length - copied);
        return marked.toByteArray();
    }
}
