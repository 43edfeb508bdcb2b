package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.common.encoding.IsoInstants;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IsoInstantsTest {

    /** The years IsoInstants writes itself (0000–9999); outside them it defers to Instant.toString(). */
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long END = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    /** The contract, written with the JDK's formatter: milliseconds always, finer digits cut off. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void writes_exactly_three_fractional_digits_at_every_precision_and_at_the_edges() {
        Map<String, String> expected = Map.of("2026-11-20T10:00:00Z", "2026-11-20T10:00:00.000Z",
                "2026-11-20T10:00:00.120Z", "2026-11-20T10:00:00.120Z",
                "2026-11-20T10:00:00.000120Z", "2026-11-20T10:00:00.000Z",
                "2024-02-29T23:59:59.999999999Z", "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z",
                "1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z",
                "0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z",
                "9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z");
        expected.forEach((text, written) -> assertEquals(written, IsoInstants.format(Instant.parse(text)), text));
    }

    @Test
    void writes_what_the_jdk_formatter_writes_for_random_instants() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(FIRST, END), nanos);
            assertEquals(MILLIS.format(instant), IsoInstants.format(instant));
        }
    }

    @Test
    void reads_what_the_ISO_formatter_reads_at_every_fraction_length() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            String whole = Instant.ofEpochSecond(random.nextLong(FIRST, END)).toString();
            int digits = i % 10;
            StringBuilder fraction = new StringBuilder(digits == 0 ? "" : ".");
            for (int d = 0; d < digits; d++) {
                fraction.append((char) ('0' + random.nextInt(10)));
            }
            String text = whole.substring(0, 19) + fraction + "Z";
            assertEquals(viaFormatter(text), IsoInstants.parseUtc(text), text);
        }
    }

    @Test
    void leaves_every_other_shape_and_every_impossible_field_to_the_formatter() {
        for (String text : List.of("2026-11-20T10:00Z", "2026-11-20T10:00:00+01:00", "2026-11-20 10:00:00Z",
                "2026-11-20T10:00:00", "2026-11-20T10:00:00.Z", "2026-11-20T10:00:00.1234567890Z",
                "+2026-11-20T10:00:00Z", "2026-1a-20T10:00:00Z", "2026-11-20T10:00:00.12x4Z", "2026-02-29T10:00:00Z",
                "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-01T10:00:00Z", "2026-11-00T10:00:00Z",
                "2026-11-20T24:00:00Z", "2026-11-20T10:60:00Z", "2026-11-20T23:59:60Z", "yesterday")) {
            assertNull(IsoInstants.parseUtc(text), text);
        }
        assertEquals(Instant.parse("2024-02-29T10:00:00Z"), IsoInstants.parseUtc("2024-02-29T10:00:00Z"));
    }

    private static Instant viaFormatter(String text) {
        return Instant.from(DateTimeFormatter.ISO_DATE_TIME.parse(text));
    }
}
