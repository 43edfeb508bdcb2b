package io.keepsync.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packaged service, started the way production starts it (docs/deployment.md) with PORT and DATABASE_URL: the jar
 * with {@code java -jar}, on the JDK given by {@code bench.java} and with the AOT cache {@code bench.aot-cache} when
 * there is one, or the native executable.
 */
final class ServiceProcess implements AutoCloseable {

    private static final byte[] HEALTH_REQUEST = "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEALTHY = "HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII);

    final int port;
    final Process process;
    final double startSeconds;

    private ServiceProcess(int port, Process process, double startSeconds) {
        this.port = port;
        this.process = process;
        this.startSeconds = startSeconds;
    }

    static ServiceProcess start(Path artifact, int port, String databaseUrl, Path backupDir, Path log)
            throws Exception {
        return start(artifact, port, databaseUrl, backupDir, log, Map.of());
    }

    /** Started with {@code env} added to its environment. */
    static ServiceProcess start(Path artifact, int port, String databaseUrl, Path backupDir, Path log,
            Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command(artifact)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("DATABASE_URL", databaseUrl);
        builder.environment().put("KEEPSYNC_BACKUP_DIR", backupDir.toString());
        builder.environment().put("KEEPSYNC_AUTH_BCRYPT_COST", "4");
        builder.environment().put("KEEPSYNC_MANAGEMENT_PORT", Integer.toString(port + 1000));
        // The live benchmark holds 10,000 streams of one user open on one instance.
        builder.environment().put("KEEPSYNC_LIVE_MAX_STREAMS_PER_USER", "20000");
        long start = System.nanoTime();
        Process process = builder.start();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited; see " + log + ":\n" + Files.readString(log));
            }
            if (answersHealthCheck(port)) {
                return new ServiceProcess(port, process, (System.nanoTime() - start) / 1e9);
            }
            if (System.nanoTime() - start > 60_000_000_000L) {
                process.destroyForcibly();
                throw new IllegalStateException("The service did not answer within 60 s; see " + log);
            }
            Thread.sleep(5);
        }
    }

    /**
     * One liveness request over a plain socket. The poll has to be cheap: it runs while the service starts on the same
     * two cores, and polling with the JDK's HttpClient (a selector thread, an exception per refused attempt, code still
     * being compiled in this JVM) made the measured start-up 0.2-0.3 s slower than this does.
     */
    private static boolean answersHealthCheck(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(HEALTH_REQUEST);
            byte[] statusLine = socket.getInputStream().readNBytes(HEALTHY.length);
            return Arrays.equals(statusLine, HEALTHY);
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** Resident set size of the service process, in MiB. */
    double rssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** CPU seconds the service process has used so far. */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * The JVM and its options: a heap of 128 MiB, the cap the SPEC's upload target sets, and of fixed size, as
     * deployment.md recommends for small heaps (G1 otherwise shrinks it below the live set's comfort zone and runs
     * concurrent cycles back to back).
     */
    static List<String> command(Path artifact) {
        if (!artifact.toString().endsWith(".jar")) {
            // The native executable, under the same heap cap.
            return List.of(artifact.toString(), "-Xmx128m");
        }
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xms128m", "-Xmx128m"));
        aotCache().ifPresent(cache -> command.add("-XX:AOTCache=" + cache));
        command.addAll(List.of("-jar", artifact.toString()));
        return command;
    }

    /** The AOT cache recorded by {@code ./mvnw verify -Dquarkus.package.jar.aot.enabled=true}, if bench/run made one. */
    static Optional<Path> aotCache() {
        String cache = System.getProperty("bench.aot-cache", "");
        return cache.isBlank() || !Files.isRegularFile(Path.of(cache)) ? Optional.empty() : Optional.of(Path.of(cache));
    }

    static String javaBin() {
        return System.getProperty("bench.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
