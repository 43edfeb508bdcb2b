package io.keepsync.backup;

/** The media types of a SQLite database that uploads accept and downloads are sent as. */
public final class SqliteMedia {

    /** The registered type, sent with downloads. */
    public static final String TYPE = "application/vnd.sqlite3";

    /** The unregistered type some clients send. */
    public static final String X_TYPE = "application/x-sqlite3";

    private SqliteMedia() {
    }
}
