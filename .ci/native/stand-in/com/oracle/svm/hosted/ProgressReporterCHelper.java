package com.oracle.svm.hosted;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the builder's progress-reporter helper, whose C library (lib/svm/builder/lib/libreporterchelper.so)
 * only GraalVM distributions ship: the same two answers, from /proc and the environment. Patched into the builder
 * module by .ci/native-build.
 */
public final class ProgressReporterCHelper {

    static final int MAX_CHARACTERS_PER_LINE = 120;
    private static final int DEFAULT_CHARACTERS_PER_LINE = 80;

    private ProgressReporterCHelper() {
    }

    public static int getTerminalWindowColumnsClamped() {
        return Math.min(Math.max(DEFAULT_CHARACTERS_PER_LINE, getTerminalWindowColumns()), MAX_CHARACTERS_PER_LINE);
    }

    public static int getTerminalWindowColumns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120"));
        } catch (NumberFormatException e) {
            return MAX_CHARACTERS_PER_LINE;
        }
    }

    /** Peak resident set size of this process in bytes, or -1. */
    public static long getPeakRSS() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux: unknown
        }
        return -1;
    }
}
