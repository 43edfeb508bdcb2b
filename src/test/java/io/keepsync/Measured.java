package io.keepsync;

/** Figures a test measures on its way, printed for the record (docs and closing notes quote them). */
public final class Measured {

    private Measured() {
    }

    public static void report(String what, Object value) {
        System.out.println("[measured] " + what + ": " + value);
    }
}
