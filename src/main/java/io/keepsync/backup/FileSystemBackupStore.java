package io.keepsync.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Backups on a local (or mounted) filesystem: {@code
 *
<dir>
 * /users/<userId>/<backupId>.sqlite}, with uploads staged in
 * {@code
 *
<dir>
 * /tmp}. Committing fsyncs the file, renames it atomically into place and fsyncs the directory, so a
 * crash leaves either the whole file or none.
 */
@ApplicationScoped
public class FileSystemBackupStore implements BackupStore {

    static final String TEMP_DIR = "tmp";
    static final String USERS_DIR = "users";
    static final String TEMP_SUFFIX = ".part";

    @Inject
    BackupConfig config;

    private Path root;

    @PostConstruct
    void init() {
        root = Path.of(config.dir()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(root.resolve(TEMP_DIR));
            Files.createDirectories(root.resolve(USERS_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("The backup directory " + root + " (KEEPSYNC_BACKUP_DIR) cannot be created", e);
        }
    }

    public Path root() {
        return root;
    }

    public Path tempDir() {
        return root.resolve(TEMP_DIR);
    }

    public Path usersDir() {
        return root.resolve(USERS_DIR);
    }

    @Override
    public Path newTempFile() throws IOException {
        return Files.createTempFile(tempDir(), "upload-", TEMP_SUFFIX);
    }

    @Override
    public String commit(Path tempFile, UUID userId, UUID backupId) throws IOException {
        try (FileChannel channel = FileChannel.open(tempFile, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        String key = USERS_DIR + "/" + userId + "/" + backupId + ".sqlite";
        Path target = root.resolve(key);
        Files.createDirectories(target.getParent());
        Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(target.getParent());
        fsyncDirectory(target.getParent().getParent());
        return key;
    }

    @Override
    public Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("storage key outside the backup directory");
        }
        return path;
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deleteUser(UUID userId) throws IOException {
        Path dir = usersDir().resolve(userId.toString());
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
