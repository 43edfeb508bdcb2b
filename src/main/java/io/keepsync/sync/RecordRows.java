package io.keepsync.sync;

import java.sql.Timestamp;
import java.time.Instant;

import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import io.keepsync.sync.wire.PulledChange;
import io.keepsync.sync.wire.RawJson;

/**
 * How the repositories read synced records back as changes: the columns under fixed aliases, each with the type it
 * is read as, and the change built from a row. {@code data} is read as the bytes PostgreSQL sent and written to the
 * client as they are, and timestamps through {@link Timestamp}: on a pull's hot path, parsing the JSON or building
 * {@code OffsetDateTime}s costs more than the rest of the row.
 */
public final class RecordRows {

    /** The selected columns of {@code sync_records r}, in the order {@link #change} reads them. */
    public static final String COLUMNS = "r.entity_type AS c_type, r.entity_id AS c_id, r.data AS c_data, "
            + "r.deleted AS c_deleted, r.last_modified_at AS c_modified, r.client_id AS c_client, r.version AS c_version, "
            + "r.received_at AS c_received";

    /** How many values of a row {@link #COLUMNS} fills. */
    public static final int WIDTH = 8;

    private RecordRows() {
    }

    /** Declares the types of {@link #COLUMNS} on the query, after whatever it declared before. */
    public static <T> NativeQuery<T> typed(NativeQuery<T> query) {
        return query.addScalar("c_type", StandardBasicTypes.STRING).addScalar("c_id", StandardBasicTypes.STRING)
                .addScalar("c_data", StandardBasicTypes.BINARY).addScalar("c_deleted", StandardBasicTypes.BOOLEAN)
                .addScalar("c_modified", StandardBasicTypes.TIMESTAMP).addScalar("c_client", StandardBasicTypes.STRING)
                .addScalar("c_version", StandardBasicTypes.LONG).addScalar("c_received", StandardBasicTypes.TIMESTAMP);
    }

    /** The change in the row's values from {@code first} on; null when the row has none (an outer join's miss). */
    public static PulledChange change(Object[] row, int first) {
        if (row[first] == null) {
            return null;
        }
        boolean deleted = (Boolean) row[first + 3];
        return new PulledChange((String) row[first], (String) row[first + 1], deleted ? "delete" : "upsert",
                deleted ? null : new RawJson((byte[]) row[first + 2]), instant(row[first + 4]), (String) row[first + 5],
                (Long) row[first + 6]);
    }

    /** When the server received the change in the row's values from {@code first} on. */
    public static Instant receivedAt(Object[] row, int first) {
        return instant(row[first + 7]);
    }

    public static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }
}
