package io.keepsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IsoInstantsTest {

    @Test
    void writes_what_Instant_toString_writes_at_every_precision_and_at_the_edges() {
        for (String text : List.of("2026-11-20T10:00:00Z", "2026-11-20T10:00:00.120Z", "2026-11-20T10:00:00.000120Z",
                "2026-11-20T10:00:00.000000120Z", "2026-11-20T10:00:00.001Z", "2024-02-29T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z")) {
            Instant instant = Instant.parse(text);
            assertEquals(instant.toString(), IsoInstants.format(instant), text);
        }
    }

    @Test
    void writes_what_Instant_toString_writes_for_random_instants() {
        SplittableRandom random = new SplittableRandom(7);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(first - 1000, end + 1000), nanos);
            assertEquals(instant.toString(), IsoInstants.format(instant));
        }
    }
}
