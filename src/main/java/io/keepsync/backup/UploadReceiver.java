package io.keepsync.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Streams an upload to a temporary file on the backup volume while hashing it, chunk by chunk: memory use does not
 * grow with the file. Stops as soon as the size limit is passed.
 */
@ApplicationScoped
public class UploadReceiver {

    private static final int CHUNK = 256 * 1024;

    @Inject
    BackupStore store;

    @Inject
    Vertx vertx;

    /** The staged upload: where it is, how long, and its SHA-256. */
    public record Received(Path file, long size, byte[] sha256) {
    }

    /**
     * Streams the request body through Vert.x: the event loop keeps reading while the file is written, instead of
     * handing chunks one by one to a blocked worker thread. Completes when the body is in the file and fsynced.
     */
    public Uni<Received> receive(HttpServerRequest request, long maxSize) {
        return Uni.createFrom().emitter(emitter -> {
            request.pause();
            Path temp;
            try {
                temp = store.newTempFile();
            } catch (IOException e) {
                emitter.fail(new IllegalStateException("The backup directory is not writable", e));
                return;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            } catch (IOException e) {
                deleteQuietly(temp);
                emitter.fail(e);
                return;
            }
            if (!isOpen(request)) {
                // The client went away while we were authenticating.
                closeAndDelete(channel, temp);
                emitter.fail(interrupted());
                return;
            }
            HashingFileSink sink = new HashingFileSink(channel, maxSize, vertx.getOrCreateContext(),
                    Infrastructure.getDefaultWorkerPool());
            // On failure we close and delete the file ourselves, so the pipe must not end the sink.
            request.pipe().endOnFailure(false).to(sink).onComplete(piped -> {
                if (piped.succeeded()) {
                    try {
                        channel.close();
                        emitter.complete(new Received(temp, sink.size(), sink.digest()));
                    } catch (IOException e) {
                        deleteQuietly(temp);
                        emitter.fail(e);
                    }
                    return;
                }
                closeAndDelete(channel, temp);
                if (sink.tooLarge()) {
                    drain(request);
                    emitter.fail(tooLarge(maxSize));
                } else if (sink.failure() != null) {
                    emitter.fail(new IllegalStateException("The upload could not be written to the backup directory",
                            sink.failure()));
                } else {
                    emitter.fail(interrupted());
                }
            });
        });
    }

    /** Reads and drops the rest of a refused body, so that the client gets to read the answer. */
    private static void drain(HttpServerRequest request) {
        request.handler(ignored -> {
        });
        request.endHandler(ignored -> {
        });
        request.exceptionHandler(ignored -> {
        });
        request.resume();
    }

    private static void closeAndDelete(FileChannel channel, Path temp) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting it is what matters
        }
        deleteQuietly(temp);
    }

    private static boolean isOpen(HttpServerRequest request) {
        return request.connection() instanceof ConnectionBase connection && connection.channel().isOpen();
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
            throw interrupted();
        }
    }

    static ProblemException interrupted() {
        return new ProblemException(400, "upload-interrupted", "Upload interrupted",
                "The upload ended before the whole body arrived; nothing was stored");
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
