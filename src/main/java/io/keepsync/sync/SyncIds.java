package io.keepsync.sync;

import java.util.regex.Pattern;

import io.keepsync.common.text.Text;

/** What an entity type, an entity id, a mutation id and a client id may be. */
public final class SyncIds {

    /** Entity types: lower-case identifiers, as the OpenAPI schema also says. */
    public static final String ENTITY_TYPE_PATTERN = "^[a-z][a-z0-9_]{0,62}$";

    public static final Pattern ENTITY_TYPE = Pattern.compile(ENTITY_TYPE_PATTERN);

    /** Longest id of any kind, in characters. */
    public static final int MAX_LENGTH = Text.MAX_ID_LENGTH;

    private SyncIds() {
    }

    /** What {@link #isStorableId} asks, for messages. */
    public static final String RULE = "must be a non-empty string of at most " + MAX_LENGTH
            + " characters of valid Unicode without NUL";

    /**
     * Whether an entity id can be stored and looked up exactly: not empty, at most {@link #MAX_LENGTH} characters,
     * storable text ({@link Text#isStorable}).
     */
    public static boolean isStorableEntityId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && Text.isStorable(id);
    }

    /** The rule for mutation and client ids: an entity id's, and not only whitespace. */
    public static boolean isStorableId(String id) {
        return isStorableEntityId(id) && !id.isBlank();
    }
}
