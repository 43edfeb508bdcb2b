package io.keepsync.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.backup.BackupConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Snapshots on a local (or mounted) filesystem: each at {@code users/USER_ID/BACKUP_ID.sqlite} under the backup
 * directory. Committing fsyncs the file, renames it atomically into place and fsyncs the directories, so a crash leaves
 * either the whole file or none.
 * <p>
 * Each process stages uploads in a folder of its own under {@code tmp}, holding a lock on a file in it while it runs.
 * At start-up the folders whose lock nobody holds any more are removed: they are what crashed processes left, while a
 * folder of another live process sharing the volume is left alone.
 */
@ApplicationScoped
public class FileSystemBackupStore implements BackupStore {

    private static final String TEMP_DIR = "tmp";
    private static final String USERS_DIR = "users";
    private static final String SUFFIX = ".sqlite";
    private static final String STAGING_PREFIX = "instance-";
    private static final String LOCK_FILE = ".lock";

    @Inject
    BackupConfig config;

    private Path root;
    private Path staging;
    private FileChannel stagingLock;

    @PostConstruct
    void init() {
        root = Path.of(config.dir()).toAbsolutePath().normalize();
        try {
            prepare();
        } catch (IOException e) {
            // Readiness reports it and names the fix; the service still starts, so that the operator can see why.
            Log.warnf("The backup directory %s is not writable yet: %s", root, e.getMessage());
        }
    }

    /** Creates the folders and this process's staging folder with its lock, once they can be. */
    private synchronized Path prepare() throws IOException {
        if (staging == null) {
            Files.createDirectories(tempDir());
            Files.createDirectories(usersDir());
            Path dir = Files.createDirectories(tempDir().resolve(STAGING_PREFIX + UUID.randomUUID()));
            FileChannel lock = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock.lock();
            stagingLock = lock;
            staging = dir;
        }
        return staging;
    }

    /** Removes what crashed processes left staged; runs at start-up. */
    void onStart(@Observes StartupEvent event) {
        try {
            int removed = removeStagingOfStoppedProcesses();
            if (removed > 0) {
                Log.infof("Removed %d staged upload(s) left by stopped processes", removed);
            }
        } catch (IOException e) {
            Log.warnf(e, "Could not look for staged uploads left by stopped processes; the sweep will remove them");
        }
    }

    @PreDestroy
    synchronized void close() throws IOException {
        if (staging != null) {
            stagingLock.close();
            deleteTree(staging);
        }
    }

    /** Deletes the staging folders whose process no longer holds their lock; returns how many files went with them. */
    int removeStagingOfStoppedProcesses() throws IOException {
        Path own = prepare();
        int removed = 0;
        try (Stream<Path> dirs = Files.list(tempDir())) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
                if (!dir.equals(own) && !isHeld(dir.resolve(LOCK_FILE))) {
                    removed += deleteTree(dir);
                }
            }
        }
        return removed;
    }

    private static boolean isHeld(Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            // held by this very process (an earlier start of the application in the same JVM)
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Deletes a folder and everything in it; returns how many regular files were in it, its lock file not counted. */
    private static int deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        int files = 0;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(path) && !path.getFileName().toString().equals(LOCK_FILE)) {
                    files++;
                }
                Files.deleteIfExists(path);
            }
        }
        return files;
    }

    private Path tempDir() {
        return root.resolve(TEMP_DIR);
    }

    private Path usersDir() {
        return root.resolve(USERS_DIR);
    }

    @Override
    public Path newTempFile() throws IOException {
        return Files.createTempFile(prepare(), "upload-", ".part");
    }

    @Override
    public int removeTempFilesBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.walk(tempDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(LOCK_FILE) && modifiedAt(file).isBefore(cutoff)
                        && Files.deleteIfExists(file)) {
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
        deleteTree(usersDir().resolve(userId.toString()));
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
            Path probe = Files.createTempFile(prepare(), "ready-", ".probe");
            Files.delete(probe);
            return new Health(true, root.toString(), null);
        } catch (IOException | RuntimeException e) {
            return new Health(false, root.toString(), "not writable: " + root + " (" + e.getMessage() + "); give the "
                    + "service's user write access to it, or point KEEPSYNC_BACKUP_DIR at a writable directory");
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
