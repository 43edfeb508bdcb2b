package io.keepsync.console;

/** A message shown in the corner: {@code status} for what went well, {@code alert} for what did not. */
public record Toast(String role, String text) {

    static Toast success(String text) {
        return new Toast("status", text);
    }

    static Toast failure(String text) {
        return new Toast("alert", text);
    }

    public boolean failed() {
        return "alert".equals(role);
    }
}
