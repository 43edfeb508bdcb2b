package io.keepsync.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;

/**
 * Streams an upload to a temporary file on the backup volume while hashing it, in fixed-size chunks: memory use
 * does not grow with the file. Stops as soon as the size limit is passed.
 */
@ApplicationScoped
public class UploadReceiver {

    private static final int CHUNK = 256 * 1024;

    @Inject
    BackupStore store;

    /** The staged upload: where it is, how long, and its SHA-256. */
    public record Received(Path file, long size, byte[] sha256) {
    }

    public Received receive(InputStream body, long maxSize) {
        Path temp;
        try {
            temp = store.newTempFile();
        } catch (IOException e) {
            throw new IllegalStateException("The backup directory is not writable", e);
        }
        try (InputStream in = body; OutputStream out = Files.newOutputStream(temp)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[CHUNK];
            long size = 0;
            for (int n; (n = in.read(buffer)) != -1;) {
                size += n;
                if (size > maxSize) {
                    throw tooLarge(maxSize);
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return new Received(temp, size, digest.digest());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ProblemException(400, "upload-interrupted", "Upload interrupted",
                    "The upload ended before the whole body arrived; nothing was stored");
        }
    }

    static ProblemException tooLarge(long maxSize) {
        return ProblemException.tooLarge("A snapshot may be at most " + maxSize + " bytes");
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the maintenance sweep removes stale temporary files
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
