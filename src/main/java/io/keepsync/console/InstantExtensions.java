package io.keepsync.console;

import java.time.Instant;

import io.quarkus.qute.TemplateExtension;

/** {@code {instant.when}} and {@code {instant.ago}} in the console's templates. */
@TemplateExtension
public class InstantExtensions {

    static String when(Instant instant) {
        return Formats.dateTime(instant);
    }

    static String ago(Instant instant) {
        return Formats.ago(instant, Instant.now());
    }
}
