package io.keepsync.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.BackupConfig;

/**
 * Snapshots on a local (or mounted) filesystem: each at {@code users/USER_ID/BACKUP_ID.sqlite} under the backup
 * directory, with uploads staged in its {@code tmp} folder. Committing fsyncs the file, renames it atomically into
 * place and fsyncs the directories, so a crash leaves either the whole file or none.
 */
@ApplicationScoped
public class FileSystemBackupStore implements BackupStore {

    private static final String TEMP_DIR = "tmp";
    private static final String USERS_DIR = "users";
    private static final String SUFFIX = ".sqlite";

    @Inject
    BackupConfig config;

    private Path root;

    @PostConstruct
    void init() {
        root = Path.of(config.dir()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(tempDir());
            Files.createDirectories(usersDir());
        } catch (IOException e) {
            throw new UncheckedIOException("The backup directory " + root + " (KEEPSYNC_BACKUP_DIR) cannot be created", e);
        }
    }

    private Path tempDir() {
        return root.resolve(TEMP_DIR);
    }

    private Path usersDir() {
        return root.resolve(USERS_DIR);
    }

    @Override
    public Path newTempFile() throws IOException {
        return Files.createTempFile(tempDir(), "upload-", ".part");
    }

    @Override
    public int removeTempFilesBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.walk(tempDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (modifiedAt(file).isBefore(cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public String commit(Path stagedFile, UUID userId, UUID backupId) throws IOException {
        try (FileChannel channel = FileChannel.open(stagedFile, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        String key = USERS_DIR + "/" + userId + "/" + backupId + SUFFIX;
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Files.move(stagedFile, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(target.getParent());
        fsyncDirectory(target.getParent().getParent());
        return key;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public SnapshotBytes read(String key, long offset, long length) throws IOException {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(key);
        }
        return new SnapshotBytes.FileRegion(file, offset, length);
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

    /** Every snapshot file under a user directory; empty user directories are removed on the way. */
    @Override
    public List<StoredObject> list() throws IOException {
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> userDirs = Files.list(usersDir())) {
            for (Path dir : userDirs.filter(Files::isDirectory).toList()) {
                listUserDir(dir, objects);
            }
        }
        return objects;
    }

    private void listUserDir(Path dir, List<StoredObject> objects) throws IOException {
        UUID userId;
        try {
            userId = UUID.fromString(dir.getFileName().toString());
        } catch (IllegalArgumentException e) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        if (files.isEmpty()) {
            Files.deleteIfExists(dir);
        }
        for (Path file : files) {
            objects.add(new StoredObject(root.relativize(file).toString().replace('\\', '/'), userId, modifiedAt(file)));
        }
    }

    @Override
    public Health probe() {
        try {
            Path probe = Files.createTempFile(tempDir(), "ready-", ".probe");
            Files.delete(probe);
            return new Health(true, root.toString(), null);
        } catch (IOException | RuntimeException e) {
            return new Health(false, root.toString(), "not writable: " + root);
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("storage key outside the backup directory");
        }
        return path;
    }

    private static Instant modifiedAt(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toInstant();
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
