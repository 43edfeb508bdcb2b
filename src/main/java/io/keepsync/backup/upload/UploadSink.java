package io.keepsync.backup.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import io.keepsync.common.encoding.Sha256;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * The end of an upload pipe. The event loop only queues each chunk; one worker task at a time drains the queue,
 * hashing the chunks and writing them with one gathering write, so the socket keeps being read while the disk is
 * written, without a thread hand-off per chunk. The queue's byte bound gives the pipe its back-pressure, and a
 * {@link FlushPacer} writes the file back as it grows. Fails the write that passes the size limit.
 */
final class UploadSink implements WriteStream<Buffer> {

    private static final long HIGH_WATER = 8L * 1024 * 1024;
    private static final long LOW_WATER = 2L * 1024 * 1024;

    private final FileChannel channel;
    private final long maxSize;
    private final Context context;
    private final Executor worker;
    private final MessageDigest digest = Sha256.newDigest();
    private final FlushPacer flushes;

    /** Event-loop state. */
    private long size;
    private boolean tooLarge;

    /** Shared with the draining task, guarded by this. */
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean draining;
    private Handler<Void> drainHandler;
    private Promise<Void> ended;

    private volatile IOException writeFailure;

    UploadSink(FileChannel channel, long maxSize, Context context, Executor worker) {
        this.channel = channel;
        this.maxSize = maxSize;
        this.context = context;
        this.worker = worker;
        this.flushes = new FlushPacer(channel, worker);
    }

    long size() {
        return size;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    /** The write or flush error that stopped the sink, if any. */
    IOException failure() {
        return writeFailure != null ? writeFailure : flushes.failure();
    }

    byte[] digest() {
        return digest.digest();
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (failure() != null) {
            return Future.failedFuture(failure());
        }
        size += data.length();
        if (size > maxSize) {
            tooLarge = true;
            return Future.failedFuture(new IOException("the upload passed " + maxSize + " bytes"));
        }
        boolean start;
        synchronized (this) {
            queue.add(data);
            queuedBytes += data.length();
            start = claimDrain();
        }
        if (start) {
            worker.execute(this::drain);
        }
        return Future.succeededFuture();
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        write(data).onComplete(handler);
    }

    /** Completes once every queued chunk is in the file and fsynced; the caller closes the channel. */
    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        Promise<Void> promise = Promise.promise();
        promise.future().onComplete(handler);
        boolean start;
        synchronized (this) {
            ended = promise;
            start = claimDrain();
        }
        if (start) {
            worker.execute(this::drain);
        }
    }

    private boolean claimDrain() {
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    private void drain() {
        while (true) {
            Buffer[] batch;
            Promise<Void> finished = null;
            synchronized (this) {
                batch = queue.toArray(Buffer[]::new);
                queue.clear();
                if (batch.length == 0) {
                    draining = false;
                    finished = ended;
                }
            }
            if (batch.length == 0) {
                if (finished != null) {
                    finish(finished);
                }
                return;
            }
            long bytes = write(batch);
            Handler<Void> wake = null;
            synchronized (this) {
                queuedBytes -= bytes;
                if (drainHandler != null && queuedBytes < LOW_WATER) {
                    wake = drainHandler;
                    drainHandler = null;
                }
            }
            if (wake != null) {
                Handler<Void> handler = wake;
                context.runOnContext(ignored -> handler.handle(null));
            }
        }
    }

    /** Hashes the chunks in queue order and writes them with one gathering write; returns their length. */
    private long write(Buffer[] batch) {
        ByteBuffer[] buffers = new ByteBuffer[batch.length];
        long bytes = 0;
        for (int i = 0; i < batch.length; i++) {
            digest.update(batch[i].getByteBuf().nioBuffer());
            buffers[i] = batch[i].getByteBuf().nioBuffer();
            bytes += batch[i].length();
        }
        if (failure() == null) {
            try {
                while (buffers[buffers.length - 1].hasRemaining()) {
                    channel.write(buffers);
                }
                flushes.written(bytes);
            } catch (IOException e) {
                writeFailure = e;
            }
        }
        return bytes;
    }

    private void finish(Promise<Void> promise) {
        if (failure() == null) {
            flushes.finish();
        }
        IOException failure = failure();
        context.runOnContext(ignored -> {
            if (failure != null) {
                promise.tryFail(failure);
            } else {
                promise.tryComplete();
            }
        });
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public synchronized boolean writeQueueFull() {
        return queuedBytes >= HIGH_WATER;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        boolean now;
        synchronized (this) {
            now = queuedBytes < LOW_WATER;
            drainHandler = now ? null : handler;
        }
        if (now) {
            context.runOnContext(ignored -> handler.handle(null));
        }
        return this;
    }
}
