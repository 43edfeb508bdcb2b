package io.keepsync.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * The end of an upload pipe. The event loop queues each chunk; one worker task at a time drains the queue, hashing
 * the chunks and writing them to the file with gathering writes, so the socket keeps being read while the disk is
 * written, without a thread hand-off per chunk. A bounded queue gives the pipe its back-pressure. Every
 * {@link #FLUSH_EVERY} bytes another worker flushes what is written so far, so that the disk works while the rest
 * arrives and the fsync before the commit finds little left to do. Fails the write that passes the size limit.
 */
final class HashingFileSink implements WriteStream<Buffer> {

    private static final long HIGH_WATER = 8L * 1024 * 1024;
    private static final long LOW_WATER = 2L * 1024 * 1024;
    static final long FLUSH_EVERY = 32L * 1024 * 1024;

    private final FileChannel channel;
    private final long maxSize;
    private final Context context;
    private final Executor worker;
    private final MessageDigest digest = UploadReceiver.sha256();
    private final ConcurrentLinkedQueue<Buffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Object flushLock = new Object();
    private long unflushed;
    private volatile IOException failure;
    private volatile Handler<Void> drainHandler;
    private volatile Promise<Void> ended;
    private long size;
    private boolean tooLarge;

    HashingFileSink(FileChannel channel, long maxSize, Context context, Executor worker) {
        this.channel = channel;
        this.maxSize = maxSize;
        this.context = context;
        this.worker = worker;
    }

    long size() {
        return size;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    /** The write error that stopped the sink, if any. */
    IOException failure() {
        return failure;
    }

    byte[] digest() {
        return digest.digest();
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        size += data.length();
        if (size > maxSize) {
            tooLarge = true;
            return Future.failedFuture(UploadReceiver.tooLarge(maxSize));
        }
        queued.addAndGet(data.length());
        queue.add(data);
        scheduleDrain();
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
        ended = promise;
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            List<ByteBuffer> batch = new ArrayList<>();
            long bytes = 0;
            for (Buffer buffer; (buffer = queue.poll()) != null;) {
                // Hashed here, in queue order, by the single draining task: the event loop only queues.
                digest.update(buffer.getByteBuf().nioBuffer());
                batch.add(buffer.getByteBuf().nioBuffer());
                bytes += buffer.length();
            }
            if (!batch.isEmpty() && failure == null) {
                try {
                    ByteBuffer[] buffers = batch.toArray(ByteBuffer[]::new);
                    while (buffers[buffers.length - 1].hasRemaining()) {
                        channel.write(buffers);
                    }
                } catch (IOException e) {
                    failure = e;
                }
                unflushed += bytes;
                if (unflushed >= FLUSH_EVERY && flushing.compareAndSet(false, true)) {
                    unflushed = 0;
                    worker.execute(this::flush);
                }
            }
            long left = queued.addAndGet(-bytes);
            Handler<Void> onDrain = drainHandler;
            if (onDrain != null && left < LOW_WATER) {
                drainHandler = null;
                context.runOnContext(ignored -> onDrain.handle(null));
            }
            draining.set(false);
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                break;
            }
        }
        Promise<Void> promise = ended;
        if (promise != null && queue.isEmpty() && finished.compareAndSet(false, true)) {
            syncRest();
            context.runOnContext(ignored -> {
                if (failure != null) {
                    promise.tryFail(failure);
                } else {
                    promise.tryComplete();
                }
            });
        }
    }

    /**
     * Writes back what is in the file so far. A failure fails the upload: a writeback error is reported to this file
     * descriptor once, and a later fsync through another one might not see it.
     */
    private void flush() {
        synchronized (flushLock) {
            try {
                if (channel.isOpen() && failure == null) {
                    channel.force(false);
                }
            } catch (ClosedChannelException e) {
                // the upload ended meanwhile and its file was dropped
            } catch (IOException e) {
                failure = e;
            } finally {
                flushing.set(false);
            }
        }
    }

    /** After the last write: waits for a flush under way, then makes the whole file durable through this descriptor. */
    private void syncRest() {
        synchronized (flushLock) {
            if (failure != null) {
                return;
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                failure = e;
            }
        }
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
    public boolean writeQueueFull() {
        return queued.get() >= HIGH_WATER;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        drainHandler = handler;
        if (queued.get() < LOW_WATER) {
            drainHandler = null;
            context.runOnContext(ignored -> handler.handle(null));
        }
        return this;
    }
}
