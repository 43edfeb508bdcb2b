package io.keepsync.backup.upload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.buffer.Buffer;

/**
 * Cuts the {@code file} part out of a {@code multipart/form-data} body (RFC 7578, RFC 2046) as its chunks arrive, so
 * that an upload sent as a form streams to disk like a raw one: each chunk gives back the bytes of the file it held,
 * other parts are dropped, and only the last few bytes (a delimiter cut in two) are held back. A body that does not
 * follow the format, or ends before its close delimiter, is malformed. The HTTP layer's own decoder is not used: given
 * a long preamble it stopped the request without a word, and given a body cut off it never ended the part.
 */
final class MultipartParser {

    /** A body that is not a multipart form, or not a whole one. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern BOUNDARY = Pattern
            .compile("(?i)(?:^|;)\\s*boundary\\s*=\\s*(\"([^\"]{1,70})\"|([^;\\s\"]{1,70}))\\s*(?:;|$)");
    private static final Pattern DISPOSITION_NAME = Pattern.compile("(?i);\\s*name\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern DISPOSITION_FILENAME = Pattern.compile("(?i);\\s*filename\\s*=\\s*\"([^\"]*)\"");
    private static final byte[] CRLF = { '\r', '\n' };
    private static final byte[] HEADERS_END = { '\r', '\n', '\r', '\n' };
    /** What a form may carry before its first part, and in one part's headers. */
    private static final int MAX_PREAMBLE = 16 * 1024;
    private static final int MAX_HEADERS = 16 * 1024;

    private enum State {
        PREAMBLE,
        AFTER_DELIMITER,
        HEADERS,
        BODY,
        DONE
    }

    private final String fieldName;
    /** "--boundary": the first delimiter may start the body; every later one follows a CRLF. */
    private final byte[] dashBoundary;
    private final byte[] delimiter;

    private State state = State.PREAMBLE;
    private byte[] held = new byte[0];
    private boolean inFile;
    private boolean fileFound;
    private String fileName;

    private MultipartParser(String fieldName, String boundary) {
        this.fieldName = fieldName;
        this.dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The parser for a request of this content type, taking the part named {@code fieldName}; empty without a boundary. */
    static Optional<MultipartParser> of(String contentType, String fieldName) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher boundary = BOUNDARY.matcher(contentType.substring(contentType.indexOf(';') + 1));
        if (contentType.indexOf(';') < 0 || !boundary.find()) {
            return Optional.empty();
        }
        return Optional.of(new MultipartParser(fieldName,
                boundary.group(2) != null ? boundary.group(2) : boundary.group(3)));
    }

    /** The file's bytes in this chunk, in order (possibly none). */
    List<Buffer> feed(Buffer chunk) throws Malformed {
        List<Buffer> file = new ArrayList<>();
        byte[] bytes = concat(held, chunk.getBytes());
        int at = 0;
        while (at < bytes.length && state != State.DONE) {
            int next = step(bytes, at, file);
            if (next < 0) {
                break;
            }
            at = next;
        }
        held = state == State.DONE ? new byte[0] : Arrays.copyOfRange(bytes, at, bytes.length);
        return file;
    }

    /** Whether the body so far ended with the close delimiter. */
    boolean complete() {
        return state == State.DONE;
    }

    boolean fileFound() {
        return fileFound;
    }

    /** The file name the form gave its file part, if any. */
    String fileName() {
        return fileName;
    }

    /** Consumes what it can from {@code at}; returns where the next step starts, or -1 when it needs more bytes. */
    private int step(byte[] bytes, int at, List<Buffer> file) throws Malformed {
        switch (state) {
            case PREAMBLE -> {
                int found = at == 0 && startsWith(bytes, 0, dashBoundary) ? 0 : indexOf(bytes, delimiter, at);
                if (found < 0) {
                    if (bytes.length - at > MAX_PREAMBLE) {
                        throw new Malformed("no multipart boundary where the form should begin");
                    }
                    return -1;
                }
                state = State.AFTER_DELIMITER;
                return found + (found == 0 && startsWith(bytes, 0, dashBoundary) ? dashBoundary.length : delimiter.length);
            }
            case AFTER_DELIMITER -> {
                return afterDelimiter(bytes, at);
            }
            case HEADERS -> {
                int end = indexOf(bytes, HEADERS_END, at);
                if (end < 0) {
                    if (bytes.length - at > MAX_HEADERS) {
                        throw new Malformed("a part's headers are too long");
                    }
                    return -1;
                }
                part(new String(bytes, at, end - at, StandardCharsets.UTF_8));
                state = State.BODY;
                return end + HEADERS_END.length;
            }
            case BODY -> {
                int found = indexOf(bytes, delimiter, at);
                int bodyEnd = found >= 0 ? found : Math.max(at, bytes.length - (delimiter.length - 1));
                if (inFile && bodyEnd > at) {
                    file.add(Buffer.buffer(Arrays.copyOfRange(bytes, at, bodyEnd)));
                }
                if (found < 0) {
                    return bodyEnd == at ? -1 : bodyEnd;
                }
                inFile = false;
                state = State.AFTER_DELIMITER;
                return found + delimiter.length;
            }
            default -> {
                return bytes.length;
            }
        }
    }

    /** After a delimiter: "--" closes the form; else optional padding, then CRLF and the next part's headers. */
    private int afterDelimiter(byte[] bytes, int at) throws Malformed {
        if (bytes.length - at < 2) {
            return -1;
        }
        if (bytes[at] == '-' && bytes[at + 1] == '-') {
            state = State.DONE;
            return bytes.length;
        }
        int i = at;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        if (bytes.length - i < 2) {
            return -1;
        }
        if (!startsWith(bytes, i, CRLF)) {
            throw new Malformed("a multipart boundary is not followed by a line break");
        }
        state = State.HEADERS;
        return i + CRLF.length;
    }

    /** Reads a part's headers: the first part named {@link #fieldName} is the file. */
    private void part(String headers) throws Malformed {
        String disposition = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                disposition = line.substring(colon + 1).trim();
            }
        }
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new Malformed("a part has no Content-Disposition: form-data header");
        }
        Matcher name = DISPOSITION_NAME.matcher(disposition);
        inFile = !fileFound && name.find() && name.group(1).equals(fieldName);
        if (inFile) {
            fileFound = true;
            Matcher filename = DISPOSITION_FILENAME.matcher(disposition);
            fileName = filename.find() ? filename.group(1) : null;
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        if (first.length == 0) {
            return second;
        }
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer: for (int i = from; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
