package io.keepsync.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/**
 * Snapshots on a local (or mounted) filesystem: each at {@code users/USER_ID/BACKUP_ID.sqlite} under the backup
 * directory, staged in {@link LocalStaging} first. Committing fsyncs the file, renames it atomically into place and
 * fsyncs the directories, so a crash leaves either the whole file or none.
 */
@ApplicationScoped
@Typed(FileSystemBackupStore.class)
public class FileSystemBackupStore implements BackupStore {

    @Inject
    LocalStaging staging;

    private Path usersDir() throws IOException {
        return Files.createDirectories(staging.root().resolve(USERS));
    }

    @Override
    public String commit(Path stagedFile, UUID userId, UUID backupId) throws IOException {
        try (FileChannel channel = FileChannel.open(stagedFile, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        String key = BackupStore.key(userId, backupId);
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
        LocalStaging.deleteTree(usersDir().resolve(userId.toString()));
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
            objects.add(new StoredObject(staging.root().relativize(file).toString().replace('\\', '/'), userId,
                    Files.getLastModifiedTime(file).toInstant()));
        }
    }

    @Override
    public Health probe() {
        return staging.probe(staging.root().toString());
    }

    private Path resolve(String key) {
        Path root = staging.root();
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("storage key outside the backup directory");
        }
        return path;
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
