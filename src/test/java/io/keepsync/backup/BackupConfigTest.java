package io.keepsync.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.backup.catalog.BackupConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackupConfigTest {

    private static BackupConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(BackupConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(BackupConfig.class);
    }

    private static long maxSize(Map<String, String> properties) {
        return config(properties).maxSize().asLongValue();
    }

    @Test
    void the_backup_directory_is_railways_volume_unless_keepsync_backup_dir_is_set() {
        assertEquals("data/backups", config(Map.of()).dir());
        assertEquals("/var/lib/containers/railwayapp/bind-mounts/v1",
                config(Map.of("RAILWAY_VOLUME_MOUNT_PATH", "/var/lib/containers/railwayapp/bind-mounts/v1")).dir());
        assertEquals("/srv/backups", config(Map.of("RAILWAY_VOLUME_MOUNT_PATH", "/data", "keepsync.backup.dir",
                "/srv/backups")).dir());
    }

    @Test
    void max_size_takes_plain_bytes_and_sizes_with_a_unit() {
        assertEquals(200_000, maxSize(Map.of("keepsync.backup.max-size", "200000")));
        assertEquals(1L << 30, maxSize(Map.of("keepsync.backup.max-size", "1G")));
        assertEquals(512L << 20, maxSize(Map.of("keepsync.backup.max-size", "512M")));
    }

    @Test
    void the_quota_is_five_gibibytes_per_user_unless_set_and_none_turns_it_off() {
        assertEquals(OptionalLong.of(5L << 30), config(Map.of()).quota().bytes());
        assertEquals(OptionalLong.of(300_000), config(Map.of("keepsync.backup.quota", "300000")).quota().bytes());
        assertEquals(OptionalLong.of(2L << 30), config(Map.of("keepsync.backup.quota", "2G")).quota().bytes());
        assertEquals(OptionalLong.empty(), config(Map.of("keepsync.backup.quota", "none")).quota().bytes());
        assertEquals(OptionalLong.empty(), config(Map.of("keepsync.backup.quota", "NONE")).quota().bytes());
    }

    @Test
    void a_user_has_three_uploads_in_flight_and_inspections_stop_after_five_minutes_by_default() {
        assertEquals(3, config(Map.of()).maxUploadsPerUser());
        assertEquals(java.time.Duration.ofMinutes(5), config(Map.of()).inspectionTimeout());
    }

    @Test
    void max_size_defaults_to_one_gibibyte() {
        assertEquals(1L << 30, maxSize(Map.of()));
    }
}
