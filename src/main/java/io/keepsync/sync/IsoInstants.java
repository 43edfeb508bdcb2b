package io.keepsync.sync;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()} without a {@code DateTimeFormatter}: the same ISO-8601 text (UTC, {@code Z}, the
 * fraction in groups of three digits and left out when zero), built directly. A pull page writes up to 1000
 * timestamps, and the formatter was a tenth of the service's CPU time for a pull (docs/performance.md). Years outside
 * 0000–9999, which ISO-8601 writes with a sign, go to {@link Instant#toString()}. The benchmark's raw pull baseline
 * formats with it too, so that both sides encode pages the same way.
 */
public final class IsoInstants {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long END = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    private IsoInstants() {
    }

    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            return instant.toString();
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int nanos = instant.getNano();
        char[] text = new char[30];
        digits(text, 0, time.getYear(), 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        int length = 19;
        if (nanos != 0) {
            text[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(text, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1_000 == 0) {
                digits(text, length, nanos / 1_000, 6);
                length += 6;
            } else {
                digits(text, length, nanos, 9);
                length += 9;
            }
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
