package io.keepsync.bench;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts the benchmark's embedded PostgreSQL on its own and prints its DATABASE_URL, for profiling the service by
 * hand against a database set up like the benchmark's (durable). Stops with the process.
 */
public final class BenchDatabase {

    private BenchDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres postgres = Benchmark.startPostgres(Path.of("target", "bench-db").toAbsolutePath())) {
            System.out.println("DATABASE_URL=postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres");
            Thread.currentThread().join();
        }
    }
}
