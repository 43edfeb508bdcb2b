package io.keepsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * The reference clients in docs/clients, run against the packaged service the way an app developer would run them:
 * two devices converge, a conflict resolves to the later write on both, a lost answer is retried with the same ids,
 * the 409 refetch, a backup uploads and restores byte-identical; in JavaScript also live events, the shrunk warning
 * and RxDB replication.
 */
@QuarkusIntegrationTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReferenceClientsIT {

    static final Path CLIENTS = Path.of("docs", "clients");

    static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    @Test
    void the_javascript_client_runs_its_scenario() throws Exception {
        Path js = CLIENTS.resolve("js");
        if (!Files.isDirectory(js.resolve("node_modules"))) {
            // The versions pinned in package-lock.json; better-sqlite3 compiles from source here (a few minutes).
            run(js, List.of("npm", "ci", "--no-audit", "--no-fund"), 15);
        }
        String output = run(js, List.of("node", "scenario.js", base()), 5);
        assertTrue(output.contains("reference client scenario passed"), output);
        assertTrue(output.contains("ok a device wipes records, the user restores a server snapshot, and both devices "
                + "converge on it"), output);
    }

    @Test
    void the_python_client_runs_its_scenario() throws Exception {
        String output = run(CLIENTS.resolve("python"), List.of("python3", "scenario.py", base()), 5);
        assertTrue(output.contains("reference client scenario passed"), output);
    }

    static String run(Path directory, List<String> command, int minutes) throws IOException, InterruptedException {
        return run(directory, command, minutes, Map.of());
    }

    /** Runs a command to its end and returns its output; it must exit with 0. */
    static String run(Path directory, List<String> command, int minutes, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("reference-client-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean exited = process.waitFor(minutes, TimeUnit.MINUTES);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, String.join(" ", command) + " did not finish:\n" + text);
            assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
            return text;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
