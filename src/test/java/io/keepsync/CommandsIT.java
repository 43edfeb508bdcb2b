package io.keepsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The packaged application's commands, run as an operator runs them: {@code rotate-signing-key}. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommandsIT {

    /** What the command printed and how it exited. */
    private record Run(int exit, String output) {
    }

    private static Run run(EmbeddedPostgres postgres, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command(args)).redirectErrorStream(true);
        builder.environment().put("DATABASE_URL", "postgres://postgres:postgres@localhost:" + postgres.getPort()
                + "/postgres");
        builder.environment().put("PORT", Integer.toString(PackagedApp.freePort()));
        builder.environment().put("KEEPSYNC_MANAGEMENT_PORT", Integer.toString(PackagedApp.freePort()));
        builder.environment().put("KEEPSYNC_BACKUP_DIR", Path.of("target", "commands-it").toAbsolutePath().toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command did not end");
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String query(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void rotate_signing_key_adds_a_key_that_signs_and_keeps_the_old_one_verifying() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Run first = run(postgres, Map.of(), "rotate-signing-key");
            assertEquals(0, first.exit(), first.output());
            Run second = run(postgres, Map.of(), "rotate-signing-key");
            assertEquals(0, second.exit(), second.output());
            String newest = query(postgres, "SELECT id FROM signing_keys WHERE retired_at IS NULL");
            assertTrue(second.output().contains("New signing key " + newest), second.output());
            assertEquals("2", query(postgres, "SELECT count(*) FROM signing_keys"));
            assertEquals("1", query(postgres, "SELECT count(*) FROM signing_keys WHERE retired_at IS NOT NULL"));
        }
    }

    @Test
    void a_first_start_on_an_empty_database_logs_no_warning() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Run run = run(postgres, Map.of(), "rotate-signing-key");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("Successfully applied"), "the schema was not created: " + run.output());
            assertEquals(List.of(), run.output().lines().filter(line -> line.contains(" WARN ")).toList());
        }
    }

    @Test
    void rotate_signing_key_refuses_when_the_key_comes_from_the_environment() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Run run = run(postgres, Map.of("KEEPSYNC_JWT_PRIVATE_KEY", pem), "rotate-signing-key");
            assertEquals(2, run.exit(), run.output());
            assertTrue(run.output().contains("KEEPSYNC_JWT_PRIVATE_KEY"), run.output());
            assertEquals("0", query(postgres, "SELECT count(*) FROM signing_keys"));
        }
    }
}
