package io.keepsync.backup.upload;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.keepsync.backup.store.LocalStaging;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Streams an upload's body to a staged file while hashing it: the event loop reads the socket and one worker writes
 * ({@link UploadSink}), so memory does not grow with the file, no thread waits for a slow client, and nothing past the
 * size limit is ever written. A raw body is the snapshot; of a multipart body, the part named {@value #FILE_PART} is
 * ({@link MultipartParser}), and the other parts are dropped as they arrive. Both go through the same sink.
 */
@ApplicationScoped
public class UploadReceiver {

    static final String FILE_PART = "file";

    /** What a multipart body may carry besides its file: boundaries, part headers, small fields. */
    public static final long MULTIPART_ENVELOPE = 64 * 1024;

    @Inject
    LocalStaging staging;

    @Inject
    Vertx vertx;

    /** Completes when the snapshot is in the staged file and fsynced; fails with a problem otherwise. */
    Uni<StagedUpload> receive(StreamedBody body, long maxSize, boolean multipart) {
        return Uni.createFrom().emitter(emitter -> {
            ReadStream<Buffer> request = body.stream();
            request.pause();
            Path temp;
            FileChannel channel;
            try {
                temp = staging.newFile();
                channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            } catch (IOException e) {
                emitter.fail(new IllegalStateException("The backup directory is not writable", e));
                return;
            }
            if (body.clientGone()) {
                // The client went away while the request was being authenticated.
                closeAndDelete(channel, temp);
                emitter.fail(interrupted());
                return;
            }
            UploadSink sink = new UploadSink(channel, maxSize, vertx.getOrCreateContext(),
                    Infrastructure.getDefaultWorkerPool());
            Reception reception = new Reception(body, sink, channel, temp, maxSize, emitter);
            body.accept();
            if (multipart) {
                reception.multipart();
            } else {
                // On failure the file is closed and deleted by the reception, so the pipe must not end the sink.
                request.pipe().endOnFailure(false).to(sink).onComplete(reception::finished);
            }
        });
    }

    /** One upload being received: how it ends, whichever way. Every callback runs on the request's event loop. */
    private static final class Reception {

        private final StreamedBody body;
        private final ReadStream<Buffer> request;
        private final UploadSink sink;
        private final FileChannel channel;
        private final Path temp;
        private final long maxSize;
        private final UniEmitter<? super StagedUpload> emitter;

        private boolean over;
        private String fileName;
        private long bodyBytes;

        Reception(StreamedBody body, UploadSink sink, FileChannel channel, Path temp, long maxSize,
                UniEmitter<? super StagedUpload> emitter) {
            this.body = body;
            this.request = body.stream();
            this.sink = sink;
            this.channel = channel;
            this.temp = temp;
            this.maxSize = maxSize;
            this.emitter = emitter;
        }

        /**
         * A multipart body: the parser cuts the file part out of each chunk and the sink writes it; the socket is
         * paused while the sink is full, as a pipe would.
         */
        void multipart() {
            MultipartParser parser = MultipartParser.of(body.contentType(), FILE_PART)
                    .orElse(null);
            if (parser == null) {
                fail(malformed());
                return;
            }
            request.handler(chunk -> {
                bodyBytes += chunk.length();
                if (bodyBytes > maxSize + MULTIPART_ENVELOPE) {
                    fail(tooLarge(maxSize));
                    return;
                }
                try {
                    for (Buffer data : parser.feed(chunk)) {
                        sink.write(data).onFailure(failed -> finished(Future.failedFuture(failed)));
                    }
                } catch (MultipartParser.Malformed e) {
                    fail(malformed());
                    return;
                }
                if (!over && sink.writeQueueFull()) {
                    request.pause();
                    sink.drainHandler(ignored -> request.resume());
                }
            });
            request.exceptionHandler(failure -> fail(interrupted()));
            request.endHandler(ignored -> {
                if (!parser.complete()) {
                    fail(malformed());
                } else if (!parser.fileFound()) {
                    fail(ProblemException.invalid(FILE_PART,
                            "a multipart part named 'file' with the SQLite database is required"));
                } else {
                    fileName = parser.fileName();
                    sink.end(this::finished);
                }
            });
            request.resume();
        }

        /** The body is in and the file fsynced (a successful result), or writing it failed. */
        void finished(AsyncResult<Void> written) {
            if (over) {
                return;
            }
            if (written.failed()) {
                fail(sink.tooLarge() ? tooLarge(maxSize)
                        : sink.failure() != null
                                ? new IllegalStateException("The upload could not be written to the backup directory",
                                        sink.failure())
                                : interrupted());
                return;
            }
            over = true;
            try {
                channel.close();
                emitter.complete(new StagedUpload(temp, sink.size(), sink.digest(), fileName));
            } catch (IOException e) {
                LocalStaging.discard(temp);
                emitter.fail(e);
            }
        }

        private void fail(Throwable failure) {
            if (over) {
                return;
            }
            over = true;
            closeAndDelete(channel, temp);
            body.discard();
            emitter.fail(failure);
        }
    }

    private static void closeAndDelete(FileChannel channel, Path temp) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting it is what matters
        }
        LocalStaging.discard(temp);
    }

    static ProblemException interrupted() {
        return new ProblemException(ProblemType.UPLOAD_INTERRUPTED,
                "The upload ended before the whole body arrived; nothing was stored");
    }

    static ProblemException malformed() {
        return new ProblemException(ProblemType.MALFORMED_REQUEST,
                "The multipart body is malformed or was cut off; nothing was stored");
    }

    public static ProblemException tooLarge(long maxSize) {
        return ProblemException.tooLarge("A snapshot may be at most " + maxSize + " bytes");
    }
}
