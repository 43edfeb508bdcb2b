package io.keepsync.backup.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.keepsync.backup.catalog.BackupConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The local folder uploads are received and verified in, whichever store keeps them afterwards: {@code tmp} under the
 * backup directory. Each process stages in a folder of its own there, holding a lock on a file in it while it runs;
 * at start-up the folders whose lock nobody holds any more are removed: they are what crashed processes left, while a
 * folder of another live process sharing the volume is left alone.
 */
@ApplicationScoped
public class LocalStaging {

    static final String TEMP_DIR = "tmp";
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
            folder();
        } catch (IOException e) {
            // Readiness reports it and names the fix; the service still starts, so that the operator can see why.
            Log.warnf("The backup directory %s is not writable yet: %s", root, e.getMessage());
        }
    }

    /** The backup directory. */
    Path root() {
        return root;
    }

    private Path tempDir() {
        return root.resolve(TEMP_DIR);
    }

    /** This process's staging folder, created with its lock once it can be. */
    synchronized Path folder() throws IOException {
        if (staging == null) {
            Path dir = Files.createDirectories(tempDir().resolve(STAGING_PREFIX + UUID.randomUUID()));
            FileChannel lock = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock.lock();
            stagingLock = lock;
            staging = dir;
        }
        return staging;
    }

    /** A new empty file to receive an upload in. */
    public Path newFile() throws IOException {
        return Files.createTempFile(folder(), "upload-", ".part");
    }

    /** Removes a staged file; one that cannot be removed now is left to the sweep of stale temporary files. */
    public static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the maintenance sweep removes stale temporary files
        }
    }

    /** Whether files can be staged now; the problem when not, naming the fix. */
    BackupStore.Health probe(String location) {
        try {
            Path probe = Files.createTempFile(folder(), "ready-", ".probe");
            Files.delete(probe);
            return new BackupStore.Health(true, location, null);
        } catch (IOException | RuntimeException e) {
            return new BackupStore.Health(false, location, "not writable: " + root + " (" + e.getMessage() + "); give "
                    + "the service's user write access to it, or point KEEPSYNC_BACKUP_DIR at a writable directory");
        }
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

    /** Removes staged files last written before the instant, lock files aside; returns how many. */
    public int removeFilesBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.walk(tempDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(LOCK_FILE)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Deletes the staging folders whose process no longer holds their lock; returns how many files went with them. */
    int removeStagingOfStoppedProcesses() throws IOException {
        Path own = folder();
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
    static int deleteTree(Path dir) throws IOException {
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
}
