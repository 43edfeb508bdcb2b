package io.keepsync.backup.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.store.LocalStaging;
import io.keepsync.common.encoding.Sha256;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Streams an upload to a temporary file of the backup store while hashing it, chunk by chunk: memory use does not
 * grow with the file. Stops as soon as the size limit is passed.
 */
@ApplicationScoped
class UploadReceiver {

    private static final int CHUNK = 256 * 1024;

    @Inject
    LocalStaging staging;

    @Inject
    Vertx vertx;

    /**
     * Streams the request body through Vert.x: the event loop keeps reading while the file is written, instead of
     * handing chunks one by one to a blocked worker thread. Completes when the body is in the file and fsynced.
     */
    Uni<StagedUpload> receive(HttpServerRequest request, long maxSize) {
        return Uni.createFrom().emitter(emitter -> {
            request.pause();
            Path temp;
            FileChannel channel;
            try {
                temp = staging.newFile();
            } catch (IOException e) {
                emitter.fail(new IllegalStateException("The backup directory is not writable", e));
                return;
            }
            try {
                channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            } catch (IOException e) {
                deleteQuietly(temp);
                emitter.fail(e);
                return;
            }
            if (request.response().closed()) {
                // The client went away while the request was being authenticated.
                closeAndDelete(channel, temp);
                emitter.fail(interrupted());
                return;
            }
            UploadSink sink = new UploadSink(channel, maxSize, vertx.getOrCreateContext(),
                    Infrastructure.getDefaultWorkerPool());
            // On failure the file is closed and deleted here, so the pipe must not end the sink.
            request.pipe().endOnFailure(false).to(sink).onComplete(piped -> {
                if (piped.succeeded()) {
                    try {
                        channel.close();
                        emitter.complete(new StagedUpload(temp, sink.size(), sink.digest()));
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

    /** Receives a body that is already at hand as a stream (a multipart part on disk). */
    StagedUpload receive(InputStream body, long maxSize) {
        Path temp;
        try {
            temp = staging.newFile();
        } catch (IOException e) {
            throw new IllegalStateException("The backup directory is not writable", e);
        }
        try (InputStream in = body; OutputStream out = Files.newOutputStream(temp)) {
            MessageDigest digest = Sha256.newDigest();
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
            return new StagedUpload(temp, size, digest.digest());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw interrupted();
        }
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

    static ProblemException interrupted() {
        return new ProblemException(ProblemType.UPLOAD_INTERRUPTED,
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
}
