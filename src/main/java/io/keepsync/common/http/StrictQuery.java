package io.keepsync.common.http;

import java.io.ByteArrayOutputStream;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.text.Text;

/**
 * Query parameters decoded strictly: the usual decoding turns percent-encoded bytes that are not UTF-8 into
 * replacement characters, which would store text other than the one sent. Parameters that are stored are read here
 * instead, from the raw query, and refused when they are not storable text.
 */
public final class StrictQuery {

    private StrictQuery() {
    }

    /** The first value of the parameter, or null; a 400 problem when its bytes are not storable text. */
    public static String param(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return Text.requireStorable(name,
                        Text.utf8(name, percentDecode(name, equals < 0 ? "" : pair.substring(equals + 1))));
            }
        }
        return null;
    }

    /**
     * The first value of a field of an {@code application/x-www-form-urlencoded} body, decoded as strictly: the body
     * must be UTF-8, and so must every percent-encoded value.
     */
    public static String formParam(byte[] body, String name) {
        return body == null ? null : param(Text.utf8("body", body), name);
    }

    private static byte[] percentDecode(String name, String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
                if (low < 0) {
                    throw ProblemException.invalid(name, "has a malformed percent-encoding");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }
}
