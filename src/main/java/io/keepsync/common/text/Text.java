package io.keepsync.common.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.keepsync.common.error.ProblemException;

/**
 * How request text is read: blank means absent, and text is stored exactly as sent or refused. PostgreSQL text holds
 * neither a NUL nor a lone UTF-16 surrogate (the driver would write a {@code ?} for it), so both are refused, as is
 * anything that is not valid UTF-8.
 */
public final class Text {

    /** The reason given for text that cannot be stored as sent. */
    public static final String NOT_STORABLE = "must be valid Unicode text without NUL characters";

    /** Longest id a client may name anything by (records, mutations, devices), in characters. */
    public static final int MAX_ID_LENGTH = 255;

    private Text() {
    }

    public static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Null for blank text, else the text exactly as sent (ids are kept as they are). */
    public static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    /** Null for blank text, else the text without surrounding whitespace (labels and names). */
    public static String trimToNull(String value) {
        return isBlank(value) ? null : value.trim();
    }

    /** Whether the text can be stored exactly: no NUL, no unpaired surrogate. Null counts as storable. */
    public static boolean isStorable(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Refuses a request field whose text cannot be stored exactly, with a 400 problem naming it. */
    public static String requireStorable(String field, String value) {
        if (!isStorable(value)) {
            throw ProblemException.invalid(field, NOT_STORABLE);
        }
        return value;
    }

    /**
     * Reads a header value as the UTF-8 its client sent: HTTP hands header bytes over one character per byte, so
     * non-ASCII text arrives as Latin-1 and is decoded again here, strictly.
     */
    public static String header(String field, String latin1) {
        if (latin1 == null) {
            return null;
        }
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) > 0x7f) {
                return requireStorable(field, utf8(field, latin1.getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
        return requireStorable(field, latin1);
    }

    /** Decodes UTF-8 strictly: malformed or overlong sequences, and encoded surrogates, are a 400 problem. */
    public static String utf8(String field, byte[] bytes) {
        try {
            return strictDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.invalid(field, NOT_STORABLE);
        }
    }

    /** A UTF-8 decoder that reports every malformed or unmappable sequence instead of replacing it. */
    public static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Whether the bytes are valid UTF-8, checked without holding their decoded text. */
    public static boolean isUtf8(byte[] bytes) {
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
            out.clear();
        }
    }
}
