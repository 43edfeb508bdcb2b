package io.keepsync.backup.upload;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * An upload's body as it arrives, without the protocol around it: the endpoint that received the request adapts it to
 * this, and the receiver streams it to disk.
 */
public interface StreamedBody {

    /** The bytes, paused until the receiver is ready for them. */
    ReadStream<Buffer> stream();

    /** The body's media type as the client declared it; a multipart body's boundary is read from it. */
    String contentType();

    /** Whether the client went away before the receiver started. */
    boolean clientGone();

    /** Tells a client that waits for permission before sending a large body to send it. */
    void accept();

    /** Reads and drops what is left of a refused body, so that the refusal reaches a client still sending. */
    void discard();
}
