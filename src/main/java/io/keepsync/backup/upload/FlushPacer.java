package io.keepsync.backup.upload;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Writes an upload's file back to disk every {@link #EVERY} bytes on another worker while the rest arrives, so that
 * the disk works during the upload and the fsync before the commit finds little left to do. A writeback error fails
 * the upload: it is reported once, to one descriptor, and a later fsync through another might not see it.
 */
final class FlushPacer {

    static final long EVERY = 32L * 1024 * 1024;

    private final FileChannel channel;
    private final Executor worker;
    /** One force at a time: a background flush, or the final one, which waits for it. */
    private final Semaphore forcing = new Semaphore(1);
    /** Bytes written since the last flush began; only the writing thread touches it. */
    private long unflushed;
    private volatile IOException failure;

    FlushPacer(FileChannel channel, Executor worker) {
        this.channel = channel;
        this.worker = worker;
    }

    /** Called by the one thread that writes the file, after each write. */
    void written(long bytes) {
        unflushed += bytes;
        if (unflushed >= EVERY && forcing.tryAcquire()) {
            unflushed = 0;
            worker.execute(() -> {
                try {
                    force();
                } catch (ClosedChannelException e) {
                    // the upload ended meanwhile and its file was dropped
                } finally {
                    forcing.release();
                }
            });
        }
    }

    /** After the last write: waits for a flush under way, then makes the whole file durable. */
    void finish() {
        forcing.acquireUninterruptibly();
        try {
            force();
        } catch (ClosedChannelException e) {
            failure = e;
        } finally {
            forcing.release();
        }
    }

    IOException failure() {
        return failure;
    }

    private void force() throws ClosedChannelException {
        if (failure != null) {
            return;
        }
        try {
            channel.force(false);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            failure = e;
        }
    }
}
