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

import io.keepsync.sync.wire.IsoInstants;

/** The forms of a point in time sync accepts from clients: ISO-8601 text, or epoch milliseconds. */
public final class Timestamps {

    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{10,16}");

    private Timestamps() {
    }

    /** ISO-8601 with an offset (or none, read as UTC), or epoch milliseconds as a number or as digits. */
    public static Optional<Instant> parse(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Optional.of(Instant.ofEpochMilli(value.longValue()));
        }
        return value.isTextual() ? parse(value.textValue()) : Optional.empty();
    }

    /** ISO-8601 with an offset (or none, read as UTC), or epoch milliseconds as digits. */
    public static Optional<Instant> parse(String value) {
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
}
