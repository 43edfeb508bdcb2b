package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.PackagedApp;

/** The packaged application, started with no database configured, stops at once and says what to set. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MissingDatabaseIT {

    @Test
    void without_a_database_the_packaged_app_exits_with_one_clear_line() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.equals("DATABASE_URL") || name.startsWith("QUARKUS_"));
        builder.environment().put("PORT", "0");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the application did not stop");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue(), output);
        List<String> errors = output.lines().filter(line -> line.contains("ERROR")).toList();
        assertEquals(1, errors.size(), output);
        assertTrue(errors.get(0).contains("No database configured: set DATABASE_URL"), output);
    }
}
