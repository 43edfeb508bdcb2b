package io.keepsync.sync.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * A JSON text as the UTF-8 bytes PostgreSQL sent, written into a response without decoding it to a String and
 * encoding it back: {@code generator.writeRawValue(new RawJson(bytes))} copies the bytes into the generator's buffer,
 * which is what a pull does with every record's data (docs/performance.md). Only the unquoted UTF-8 forms are on that
 * path; the interface's other forms are Jackson's own, from the decoded text.
 */
public final class RawJson implements SerializableString {

    private final byte[] utf8;

    public RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    @Override
    public String getValue() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return utf8.clone();
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + utf8.length > buffer.length) {
            return -1;
        }
        System.arraycopy(utf8, 0, buffer, offset, utf8.length);
        return utf8.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(utf8);
        return utf8.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < utf8.length) {
            return -1;
        }
        buffer.put(utf8);
        return utf8.length;
    }

    @Override
    public int charLength() {
        return decoded().charLength();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        return decoded().appendUnquoted(buffer, offset);
    }

    @Override
    public char[] asQuotedChars() {
        return decoded().asQuotedChars();
    }

    @Override
    public byte[] asQuotedUTF8() {
        return decoded().asQuotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return decoded().appendQuotedUTF8(buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return decoded().appendQuoted(buffer, offset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        return decoded().writeQuotedUTF8(out);
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        return decoded().putQuotedUTF8(buffer);
    }

    @Override
    public String toString() {
        return getValue();
    }

    private SerializedString decoded() {
        return new SerializedString(getValue());
    }
}
