package io.keepsync.common.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The paging cursors the API hands out: a few text parts joined by a separator, in URL-safe base64 without padding,
 * so clients treat them as opaque. Each feature picks a separator its parts never contain, and decides what the
 * parts mean.
 */
public final class OpaqueCursor {

    private final String separator;
    private final Pattern split;

    public OpaqueCursor(char separator) {
        this.separator = String.valueOf(separator);
        this.split = Pattern.compile(Pattern.quote(this.separator));
    }

    public String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(separator, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor with exactly {@code count} of them, or empty when the text is not such a cursor. */
    public Optional<List<String>> decode(String text, int count) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
            List<String> parts = List.of(split.split(plain, -1));
            return parts.size() == count ? Optional.of(parts) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
