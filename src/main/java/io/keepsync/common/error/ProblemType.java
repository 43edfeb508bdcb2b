package io.keepsync.common.error;

/**
 * Every kind of problem Keepsync answers with: the slug of its {@code type} URI, its title and its status.
 * docs/errors.md lists them all, and a test holds the two together.
 */
public enum ProblemType {

    BAD_REQUEST("bad-request", "Bad request", 400),
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
    VALIDATION("validation", "Invalid request", 400),
    CHECKSUM_MISMATCH("checksum-mismatch", "Checksum mismatch", 400),
    UPLOAD_INTERRUPTED("upload-interrupted", "Upload interrupted", 400),
    UNAUTHORIZED("unauthorized", "Unauthorized", 401),
    INVALID_CREDENTIALS("invalid-credentials", "Invalid credentials", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    REGISTRATION_CLOSED("registration-closed", "Registration is closed", 403),
    INSUFFICIENT_SCOPE("insufficient-scope", "Insufficient scope", 403),
    NOT_FOUND("not-found", "Not found", 404),
    BACKUP_FILE_MISSING("backup-file-missing", "Backup file missing", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    EMAIL_TAKEN("email-taken", "Email already registered", 409),
    EXTERNAL_ACCOUNT("external-account", "Account signs in with its identity provider", 409),
    MUST_REFETCH("must-refetch", "Cursor can no longer be served", 409),
    RESTORE_IN_PROGRESS("restore-in-progress", "A restore is already running", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", "Range not satisfiable", 416),
    NOT_SQLITE("not-sqlite", "Not a SQLite database", 422),
    CORRUPT_SNAPSHOT("corrupt-snapshot", "Corrupt SQLite snapshot", 422),
    NOT_A_SERVER_SNAPSHOT("not-a-server-snapshot", "Not a server snapshot", 422),
    TOO_MANY_ATTEMPTS("too-many-attempts", "Too many failed logins", 429),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    TOO_MANY_UPLOADS("too-many-uploads", "Too many uploads in flight", 429),
    TOO_MANY_STREAMS("too-many-streams", "Too many event streams", 429),
    /** Any other refusal by the HTTP layer; the answer carries the framework's 4xx status. */
    REQUEST_REFUSED("request-refused", "Request refused", 0),
    INTERNAL("internal", "Internal server error", 500),
    DATABASE_UNAVAILABLE("database-unavailable", "Service unavailable", 503),
    SHUTTING_DOWN("shutting-down", "Service unavailable", 503),
    QUOTA_EXCEEDED("quota-exceeded", "Backup quota exceeded", 507);

    /** Base of our problem type URIs; the slug after it names the problem. */
    public static final String BASE = "https://keepsync.io/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public String uri() {
        return BASE + slug;
    }

    public String title() {
        return title;
    }

    /** The status of answers of this type; 0 when it is the refusing layer's own. */
    public int status() {
        return status;
    }
}
