package io.keepsync;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How tests that start the packaged application themselves (replicas, shutdown, commands) run it: the native
 * executable when the build made one ({@code -Dnative}), else the jar on this JVM with a 128 MiB heap. The same
 * tests then hold both.
 */
public final class PackagedApp {

    private PackagedApp() {
    }

    /** Whether the build under test is the native executable. */
    public static boolean isNative() {
        Path artifact = Path.of("target", "quarkus-artifact.properties");
        if (!Files.exists(artifact)) {
            return false;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(artifact)) {
            properties.load(in);
        } catch (IOException e) {
            return false;
        }
        return "native".equals(properties.getProperty("type"));
    }

    /** The command line that starts the application with these arguments. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(System.getProperty("native.image.path"));
            command.add("-Xmx128m");
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        }
        command.addAll(List.of(args));
        return command;
    }

    public static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
