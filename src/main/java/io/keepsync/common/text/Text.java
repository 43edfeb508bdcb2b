package io.keepsync.common.text;

/** How request text that may be absent is read: blank means absent. */
public final class Text {

    private Text() {
    }

    public static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Null for blank text, else the text exactly as sent (ids are kept as they are). */
    public static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    /** Null for blank text, else the text without surrounding whitespace (labels and names). */
    public static String trimToNull(String value) {
        return isBlank(value) ? null : value.trim();
    }
}
