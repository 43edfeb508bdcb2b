package io.keepsync.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

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
    void max_size_defaults_to_one_gibibyte() {
        assertEquals(1L << 30, maxSize(Map.of()));
    }
}
