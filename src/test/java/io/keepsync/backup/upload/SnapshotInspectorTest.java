package io.keepsync.backup.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.backup.SnapshotFiles;
import io.keepsync.backup.catalog.BackupConfig;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The integrity check of a stranger's file is bounded: it is interrupted past its time limit (and the snapshot refused
 * as corrupt), and no more checks run at once than configured.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SnapshotInspectorTest {

    private static SnapshotInspector inspector(Map<String, String> properties) {
        SnapshotInspector inspector = new SnapshotInspector();
        inspector.registry = new SimpleMeterRegistry();
        inspector.config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(BackupConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(BackupConfig.class);
        inspector.init();
        return inspector;
    }

    @Test
    void a_check_past_its_time_limit_is_interrupted_and_the_snapshot_refused_as_corrupt() throws Exception {
        Path big = SnapshotFiles.create(20_000, 1000);
        assertTrue(inspector(Map.of()).inspect(big).pageCount() > 4000, "the snapshot is smaller than meant");
        ProblemException refused = assertThrows(ProblemException.class,
                () -> inspector(Map.of("keepsync.backup.inspection-timeout", "PT0.001S")).inspect(big));
        assertEquals(ProblemType.CORRUPT_SNAPSHOT, refused.type());
        assertTrue(refused.getMessage().contains("did not finish within"), refused.getMessage());
    }

    @Test
    void no_more_checks_run_at_once_than_allowed() throws Exception {
        Path big = SnapshotFiles.create(60_000, 1000);
        SnapshotInspector one = inspector(Map.of("keepsync.backup.max-concurrent-inspections", "1"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                checks.add(pool.submit(() -> one.inspect(big)));
            }
            int most = 0;
            while (checks.stream().anyMatch(check -> !check.isDone())) {
                most = Math.max(most, one.running());
            }
            for (Future<?> check : checks) {
                check.get();
            }
            assertEquals(1, most, "checks running at once");
        } finally {
            pool.shutdownNow();
        }
    }
}
