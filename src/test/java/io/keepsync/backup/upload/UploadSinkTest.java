package io.keepsync.backup.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.keepsync.common.encoding.Sha256;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** The upload sink on its own: bytes, hash, flushing while the upload streams, and what a failed flush does. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UploadSinkTest {

    private static final int CHUNK = 1024 * 1024;

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        workers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void writes_and_hashes_every_byte_and_flushes_while_the_upload_streams() throws Exception {
        Path file = dir.resolve("upload.part");
        CountingChannel channel = new CountingChannel(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), false);
        int chunks = 3 * (int) (FlushPacer.EVERY / CHUNK) + 5;
        byte[][] data = randomChunks(chunks);

        UploadSink sink = stream(channel, data);
        channel.close();

        MessageDigest expected = Sha256.newDigest();
        for (byte[] chunk : data) {
            expected.update(chunk);
        }
        assertArrayEquals(expected.digest(), sink.digest());
        assertEquals((long) chunks * CHUNK, sink.size());
        assertEquals((long) chunks * CHUNK, Files.size(file));
        assertArrayEquals(data[chunks - 1], java.util.Arrays.copyOfRange(Files.readAllBytes(file),
                (chunks - 1) * CHUNK, chunks * CHUNK));
        // At least one flush while the bytes arrived, and one for the rest once the last one was written.
        assertTrue(channel.forces.get() >= 2, "forces: " + channel.forces.get());
        assertTrue(channel.forcedAfterLastWrite, "the end waits for a force after the last write");
    }

    @Test
    void a_failed_flush_fails_the_upload() throws Exception {
        Path file = dir.resolve("failing.part");
        CountingChannel channel = new CountingChannel(FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), true);
        byte[][] data = randomChunks((int) (FlushPacer.EVERY / CHUNK) + 2);

        CompletableFuture<Void> ended = new CompletableFuture<>();
        UploadSink sink = startStream(channel, data, ended);
        try {
            ended.get(30, TimeUnit.SECONDS);
            throw new AssertionError("the upload should have failed");
        } catch (java.util.concurrent.ExecutionException e) {
            assertSame(CountingChannel.FAILURE, e.getCause());
        }
        assertSame(CountingChannel.FAILURE, sink.failure());
        channel.close();
    }

    private UploadSink stream(FileChannel channel, byte[][] data) throws Exception {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        UploadSink sink = startStream(channel, data, ended);
        ended.get(30, TimeUnit.SECONDS);
        return sink;
    }

    /** Writes the chunks from the event loop as a pipe would, honouring back-pressure, then ends the sink. */
    private UploadSink startStream(FileChannel channel, byte[][] data, CompletableFuture<Void> ended) {
        Context context = vertx.getOrCreateContext();
        UploadSink sink = new UploadSink(channel, Long.MAX_VALUE, context, workers);
        context.runOnContext(ignored -> writeFrom(sink, data, 0, ended));
        return sink;
    }

    private static void writeFrom(UploadSink sink, byte[][] data, int next, CompletableFuture<Void> ended) {
        for (int i = next; i < data.length; i++) {
            if (sink.writeQueueFull()) {
                int resume = i;
                sink.drainHandler(ignored -> writeFrom(sink, data, resume, ended));
                return;
            }
            sink.write(Buffer.buffer(data[i]));
        }
        sink.end(result -> {
            if (result.succeeded()) {
                ended.complete(null);
            } else {
                ended.completeExceptionally(result.cause());
            }
        });
    }

    private static byte[][] randomChunks(int count) {
        Random random = new Random(7);
        byte[][] data = new byte[count][CHUNK];
        for (byte[] chunk : data) {
            random.nextBytes(chunk);
        }
        return data;
    }

    /** A file channel that counts forces (or fails them) and remembers whether the last write was forced. */
    static final class CountingChannel extends FileChannel {

        static final IOException FAILURE = new IOException("writeback failed");

        final AtomicInteger forces = new AtomicInteger();
        private final FileChannel delegate;
        private final boolean failForce;
        volatile boolean forcedAfterLastWrite;

        CountingChannel(FileChannel delegate, boolean failForce) {
            this.delegate = delegate;
            this.failForce = failForce;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.incrementAndGet();
            if (failForce) {
                throw FAILURE;
            }
            delegate.force(metaData);
            forcedAfterLastWrite = true;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            forcedAfterLastWrite = false;
            return delegate.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            forcedAfterLastWrite = false;
            return delegate.write(src);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            forcedAfterLastWrite = false;
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
