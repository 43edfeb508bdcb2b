package io.keepsync.backup.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;

/** A crash leaves a staged upload; the next start removes it, but never the upload of a process still running. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StagingCleanupTest {

    /** Another process sharing the volume: it holds the lock of its staging folder until it is stopped. */
    private static final String HOLDER = """
            import java.nio.channels.FileChannel;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            public class HoldLock {
                public static void main(String[] args) throws Exception {
                    try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
                        channel.lock();
                        System.out.println("locked");
                        System.out.flush();
                        Thread.sleep(120_000);
                    }
                }
            }
            """;

    @Inject
    LocalStaging store;

    private static Path stagingWithUpload(String name) throws Exception {
        Path dir = Files.createDirectories(EmbeddedPostgresResource.backupDir().resolve("tmp").resolve(name));
        Files.createFile(dir.resolve(".lock"));
        Files.write(dir.resolve("upload-1.part"), new byte[4096]);
        return dir;
    }

    @Test
    void a_stopped_processs_staged_uploads_go_and_a_running_ones_stay() throws Exception {
        Path crashed = stagingWithUpload("instance-crashed");
        Path running = stagingWithUpload("instance-running");
        Path source = Files.writeString(Files.createTempFile("HoldLock", ".java"), HOLDER);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, source.toString(), running.resolve(".lock").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the other process did not take its lock");

            assertEquals(1, store.removeStagingOfStoppedProcesses());
            assertFalse(Files.exists(crashed), "a crashed process's staging folder was kept");
            assertTrue(Files.exists(running.resolve("upload-1.part")), "a running process's upload was removed");
            Path own = store.newFile();
            assertTrue(Files.exists(own), "this process's own staging was removed");
            Files.delete(own);
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(source);
        }
        assertEquals(1, store.removeStagingOfStoppedProcesses());
        assertFalse(Files.exists(running), "the folder outlived its process");
    }
}
