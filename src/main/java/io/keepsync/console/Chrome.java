package io.keepsync.console;

/** What every signed-in page's frame needs: the CSRF token htmx sends, and which section is open. */
public record Chrome(String csrf, String section) {
}
