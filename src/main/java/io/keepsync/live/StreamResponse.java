package io.keepsync.live;

import java.util.UUID;

import io.vertx.core.http.HttpServerResponse;

/**
 * One open event stream: whom it belongs to, the credential it was opened with, the device it leaves out, and its
 * response. While its credential is being checked again after a revocation it is suspended: events meanwhile are
 * dropped, and a stream that passes the check is told to pull once, so that it misses nothing.
 */
final class StreamResponse implements LiveEvents.Listener {

    /** A bearer token (access token or API key), or the secret of a console session's cookie. */
    record Credential(boolean session, String secret) {
    }

    private static final String HINT = "event: changes\ndata: {}\n\n";

    final UUID userId;
    final Credential credential;
    private final String clientId;
    private final HttpServerResponse response;
    private volatile boolean suspended;
    private volatile boolean missed;

    StreamResponse(UUID userId, Credential credential, String clientId, HttpServerResponse response) {
        this.userId = userId;
        this.credential = credential;
        this.clientId = clientId;
        this.response = response;
    }

    @Override
    public void event(String name, String data, String causedBy) {
        if (suspended) {
            missed = true;
        } else if (clientId == null || !clientId.equals(causedBy)) {
            write("event: " + name + "\ndata: " + data + "\n\n");
        }
    }

    void suspend() {
        suspended = true;
    }

    /** Its credential passed the check again: events flow again, and a missed one becomes a hint to pull. */
    void resume() {
        suspended = false;
        if (missed) {
            missed = false;
            write(HINT);
        }
    }

    /**
     * Writes unless the client is not reading: an event is a hint to pull, so one dropped for a stalled client loses
     * nothing, and buffering for it would.
     */
    void write(String text) {
        try {
            if (!response.closed() && !response.writeQueueFull()) {
                response.write(text);
            }
        } catch (IllegalStateException closedMeanwhile) {
            // the client went away between the check and the write
        }
    }

    void end() {
        suspended = true;
        try {
            if (!response.closed()) {
                response.end();
            }
        } catch (IllegalStateException closedMeanwhile) {
            // already gone
        }
    }
}
