package io.keepsync.console;

import java.time.Instant;

import io.keepsync.common.encoding.IsoInstants;
import io.quarkus.qute.TemplateExtension;

/**
 * {@code {instant.when}}, {@code {instant.ago}}, {@code {instant.iso}} and {@code {bytes.binarySize}} in the console's
 * templates; the tags {@code {#instant}} and {@code {#ago}} (templates/tags/) write a {@code <time>} element with them.
 */
@TemplateExtension
public class InstantExtensions {

    static String iso(Instant instant) {
        return IsoInstants.format(instant);
    }

    static String binarySize(long bytes) {
        return Formats.size(bytes);
    }

    static String when(Instant instant) {
        return Formats.dateTime(instant);
    }

    static String ago(Instant instant) {
        return Formats.ago(instant, Instant.now());
    }
}
