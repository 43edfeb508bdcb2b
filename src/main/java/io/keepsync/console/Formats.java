package io.keepsync.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes sizes and instants for people: binary units, UTC, and "time ago". */
final class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB" };

    private Formats() {
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }

    static String dateTime(Instant instant) {
        return instant == null ? "never" : DATE_TIME.format(instant);
    }

    static String ago(Instant instant, Instant now) {
        if (instant == null) {
            return "never";
        }
        long seconds = Math.max(0, Duration.between(instant, now).toSeconds());
        if (seconds < 60) {
            return "just now";
        }
        if (seconds < 3600) {
            return plural(seconds / 60, "minute") + " ago";
        }
        if (seconds < 86_400) {
            return plural(seconds / 3600, "hour") + " ago";
        }
        return plural(seconds / 86_400, "day") + " ago";
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
