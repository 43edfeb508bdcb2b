package io.keepsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The packaged service, started the way production starts it: java -jar with PORT and DATABASE_URL. */
final class ServiceProcess implements AutoCloseable {

    final int port;
    final Process process;
    final double startSeconds;

    private ServiceProcess(int port, Process process, double startSeconds) {
        this.port = port;
        this.process = process;
        this.startSeconds = startSeconds;
    }

    static ServiceProcess start(Path jar, int port, String databaseUrl, Path backupDir, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBin(), "-Xmx128m", "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("DATABASE_URL", databaseUrl);
        builder.environment().put("KEEPSYNC_BACKUP_DIR", backupDir.toString());
        builder.environment().put("KEEPSYNC_AUTH_BCRYPT_COST", "4");
        long start = System.nanoTime();
        Process process = builder.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/live")).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited; see " + log + ":\n" + Files.readString(log));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new ServiceProcess(port, process, (System.nanoTime() - start) / 1e9);
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() - start > 60_000_000_000L) {
                process.destroyForcibly();
                throw new IllegalStateException("The service did not answer within 60 s; see " + log);
            }
            Thread.sleep(5);
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

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
