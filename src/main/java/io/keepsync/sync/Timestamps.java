package io.keepsync.sync;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.common.encoding.IsoInstants;

/**
 * The forms of a point in time sync accepts from clients: ISO-8601 text, or epoch milliseconds as a number or as
 * digits. Only instants in the years 1970 to 9999 count: anything else, in any form, is refused, never wrapped or
 * clamped.
 */
public final class Timestamps {

    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{10,16}");

    private Timestamps() {
    }

    /**
     * The instant a JSON value stands for in one of the accepted forms, whatever its year ({@link #inRange} tells
     * whether it counts); an integer too large for 64 bits stands for {@link Instant#MAX}. Empty for other forms.
     */
    public static Optional<Instant> read(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Optional.of(value.canConvertToLong() ? Instant.ofEpochMilli(value.longValue()) : Instant.MAX);
        }
        return value.isTextual() ? read(value.textValue()) : Optional.empty();
    }

    /** The instant a text stands for in one of the accepted forms, whatever its year. */
    public static Optional<Instant> read(String value) {
        String text = value.trim();
        try {
            Instant common = IsoInstants.parseUtc(text);
            if (common != null) {
                return Optional.of(common);
            }
            if (EPOCH_MILLIS.matcher(text).matches()) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
            }
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
                    LocalDateTime::from);
            return Optional.of(parsed instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC)
                    : Instant.from(parsed));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The instant a text stands for, only when it is in the years 1970 to 9999. */
    public static Optional<Instant> parse(String value) {
        return read(value).filter(IsoInstants::inRange);
    }
}
