package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestFiles;

/**
 * The image's entrypoint, run here as the container runs it: as root, with a volume mounted root-owned (as Railway
 * mounts it), which the app user (185) cannot write until the entrypoint hands it over and drops to that user.
 * CI runs as root, as a container does.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EntrypointTest {

    private static final String ENTRYPOINT = "src/main/docker/entrypoint.sh";
    private static final String WRITE_AS_APP = "id -u; touch \"$0/probe\"";

    private Path base;
    private Path volume;

    @BeforeEach
    void rootOwnedVolume() throws Exception {
        assertEquals("0\n", run(List.of("id", "-u"), Map.of()).output, "these tests run as root, as a container starts");
        base = Files.createTempDirectory("entrypoint-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        volume = Files.createDirectory(base.resolve("volume"));
        Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void remove() throws Exception {
        TestFiles.deleteTree(base);
    }

    @Test
    void the_app_user_cannot_write_a_root_owned_volume_by_itself() throws Exception {
        Result direct = run(List.of("setpriv", "--reuid=185", "--regid=0", "--clear-groups", "--", "sh", "-c",
                WRITE_AS_APP, volume.toString()), Map.of());
        assertNotEquals(0, direct.exit, "the test volume was writable without the entrypoint: " + direct.output);
    }

    @Test
    void started_as_root_it_hands_keepsync_backup_dir_to_the_app_user_and_drops_to_it() throws Exception {
        Result result = run(List.of("sh", ENTRYPOINT, "sh", "-c", WRITE_AS_APP, volume.toString()),
                Map.of("KEEPSYNC_BACKUP_DIR", volume.toString()));
        assertEquals(0, result.exit, result.output);
        assertEquals("185\n", result.output);
        assertEquals(185, Files.getAttribute(volume.resolve("probe"), "unix:uid"));
    }

    @Test
    void without_keepsync_backup_dir_railways_volume_is_the_one_handed_over() throws Exception {
        Path nested = volume.resolve("backups");
        Result result = run(List.of("sh", ENTRYPOINT, "sh", "-c", "id -u; touch \"$RAILWAY_VOLUME_MOUNT_PATH/probe\""),
                Map.of("RAILWAY_VOLUME_MOUNT_PATH", nested.toString()));
        assertEquals(0, result.exit, result.output);
        assertEquals("185\n", result.output);
        assertEquals(185, Files.getAttribute(nested, "unix:uid"));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("KEEPSYNC_BACKUP_DIR");
        builder.environment().remove("RAILWAY_VOLUME_MOUNT_PATH");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
