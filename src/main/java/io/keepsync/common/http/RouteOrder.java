package io.keepsync.common.http;

/**
 * The order of our Vert.x routes, which run before the REST resources: refusals that cost nothing come first, then
 * the rate limits, then the bodies are read (off the worker threads), then the routes that answer by themselves.
 */
public final class RouteOrder {

    /** Headers every answer carries (Strict-Transport-Security, Cache-Control on credentials). */
    public static final int RESPONSE_HEADERS = Integer.MIN_VALUE + 30;
    /** New requests refused while the service stops. */
    public static final int DRAINING = Integer.MIN_VALUE + 40;
    /** Cross-origin preflights, answered without credentials. */
    public static final int CORS = Integer.MIN_VALUE + 50;
    /** Per-address limits on the endpoints that take passwords and refresh tokens. */
    public static final int RATE_LIMITS = Integer.MIN_VALUE + 60;
    /** Bodies a feature streams itself (uploads): their declared length is checked here and they are marked. */
    public static final int STREAMED_BODIES = Integer.MIN_VALUE + 90;
    /** Every other body, read on the event loop within its limit. */
    public static final int BODIES = Integer.MIN_VALUE + 100;
    /** Lookups a non-blocking endpoint needs from the database before it runs, made on a worker thread. */
    public static final int LOOKUPS = Integer.MIN_VALUE + 150;
    /** Routes that answer by themselves (event streams). */
    public static final int ENDPOINTS = Integer.MIN_VALUE + 200;

    private RouteOrder() {
    }
}
