package io.keepsync.backup.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MultipartParserTest {

    private static final String TYPE = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";
    private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    /** A form with a text field before and after the file, as browsers send it. */
    private static byte[] form(byte[] file) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nnightly\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"jackedlog.sqlite\"\r\n"
                + "Content-Type: application/vnd.sqlite3\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nsecond\r\n--"
                + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    /** Feeds the body in chunks of the given sizes (cycled) and returns the file bytes the parser gave back. */
    private static byte[] parse(MultipartParser parser, byte[] body, int... sizes) throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int at = 0;
        for (int i = 0; at < body.length; i++) {
            int size = Math.min(sizes[i % sizes.length], body.length - at);
            for (Buffer data : parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, at, at + size)))) {
                file.writeBytes(data.getBytes());
            }
            at += size;
        }
        return file.toByteArray();
    }

    private static byte[] tricky() {
        // Bytes that look like the start of a delimiter, line breaks and dashes, across any cut.
        byte[] file = new byte[70_000];
        new Random(7).nextBytes(file);
        byte[] lookalike = ("\r\n--" + BOUNDARY.substring(0, 20)).getBytes(StandardCharsets.US_ASCII);
        for (int at = 100; at + lookalike.length < file.length; at += 997) {
            System.arraycopy(lookalike, 0, file, at, lookalike.length);
        }
        return file;
    }

    @Test
    void the_file_part_comes_out_whole_however_the_body_is_cut() throws Exception {
        byte[] file = tricky();
        for (int[] sizes : new int[][] { { 1 }, { 7, 3, 64 }, { 4096 }, { 1 << 20 }, { 41, 42 } }) {
            MultipartParser parser = MultipartParser.of(TYPE, "file").orElseThrow();
            assertArrayEquals(file, parse(parser, form(file), sizes), "chunks of " + sizes[0]);
            assertTrue(parser.complete());
            assertTrue(parser.fileFound());
            assertEquals("jackedlog.sqlite", parser.fileName());
        }
    }

    @Test
    void a_quoted_boundary_a_preamble_and_padding_after_a_boundary_are_understood() throws Exception {
        byte[] body = ("ignored preamble\r\n--xyz  \r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nDATA\r\n--xyz--")
                .getBytes(StandardCharsets.US_ASCII);
        MultipartParser parser = MultipartParser.of("multipart/form-data; charset=utf-8; boundary=\"xyz\"", "file")
                .orElseThrow();
        assertArrayEquals("DATA".getBytes(StandardCharsets.US_ASCII), parse(parser, body, 5));
        assertTrue(parser.complete());
    }

    @Test
    void a_body_cut_off_before_its_close_delimiter_is_not_complete() throws Exception {
        byte[] body = form(tricky());
        MultipartParser parser = MultipartParser.of(TYPE, "file").orElseThrow();
        parse(parser, java.util.Arrays.copyOf(body, body.length / 2), 1000);
        assertFalse(parser.complete());
    }

    @Test
    void a_form_without_the_file_part_is_complete_but_has_no_file() throws Exception {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\nx\r\n--" + BOUNDARY
                + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        MultipartParser parser = MultipartParser.of(TYPE, "file").orElseThrow();
        assertEquals(0, parse(parser, body, 3).length);
        assertTrue(parser.complete());
        assertFalse(parser.fileFound());
    }

    @Test
    void no_boundary_a_long_preamble_or_a_part_without_disposition_is_malformed() throws Exception {
        assertTrue(MultipartParser.of("multipart/form-data", "file").isEmpty());
        assertTrue(MultipartParser.of("application/json; boundary=x", "file").isEmpty());
        assertTrue(MultipartParser.of("multipart/form-data; boundary=" + "x".repeat(71), "file").isEmpty());
        MultipartParser preamble = MultipartParser.of(TYPE, "file").orElseThrow();
        assertThrows(MultipartParser.Malformed.class, () -> parse(preamble, new byte[20_000], 4096));
        MultipartParser noDisposition = MultipartParser.of(TYPE, "file").orElseThrow();
        assertThrows(MultipartParser.Malformed.class, () -> parse(noDisposition,
                ("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + BOUNDARY + "--")
                        .getBytes(StandardCharsets.US_ASCII),
                10));
        MultipartParser noLineBreak = MultipartParser.of(TYPE, "file").orElseThrow();
        assertThrows(MultipartParser.Malformed.class, () -> parse(noLineBreak,
                ("--" + BOUNDARY + "garbage").getBytes(StandardCharsets.US_ASCII), 100));
    }
}
