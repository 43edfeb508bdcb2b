package io.keepsync.auth;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.smallrye.mutiny.Uni;

/**
 * Password hashing with bcrypt (passwords longer than bcrypt's 72 bytes are pre-hashed, not truncated), on a pool of
 * its own: at most {@code keepsync.auth.max-concurrent-hashes} hashes run at once, none holds a database connection or
 * a request worker while it runs, and a flood of sign-ins waits in the pool's queue (or is refused when that is full)
 * instead of taking the threads other users' requests need.
 */
@ApplicationScoped
public class Passwords {

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
    /** Hashes waiting per hashing thread before more are refused. */
    private static final int QUEUED_PER_THREAD = 64;

    /** Verified against when the email is unknown, so both failures take the same time. */
    private volatile String decoy;

    @Inject
    AuthConfig config;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        int threads = config.maxConcurrentHashes().orElse(Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * QUEUED_PER_THREAD), work -> {
                    Thread thread = new Thread(work, "keepsync-password-hashing-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** The hash to store for a new password. */
    public Uni<String> hash(String password) {
        return onPool(() -> hashNow(password));
    }

    /** Whether the password matches the stored hash; a null hash (no such account) takes as long and fails. */
    public Uni<Boolean> matches(String password, String hash) {
        return onPool(() -> {
            if (hash == null) {
                verify(password, decoy());
                return false;
            }
            return verify(password, hash);
        });
    }

    private String hashNow(String password) {
        return BCrypt.with(VERSION, LongPasswordStrategies.hashSha512(VERSION))
                .hashToString(config.bcryptCost(), password.toCharArray());
    }

    private static boolean verify(String password, String hash) {
        return BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION))
                .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    private String decoy() {
        if (decoy == null) {
            decoy = hashNow(Secrets.random(""));
        }
        return decoy;
    }

    private <T> Uni<T> onPool(java.util.function.Supplier<T> work) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                pool.execute(() -> {
                    try {
                        emitter.complete(work.get());
                    } catch (RuntimeException e) {
                        emitter.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(new ProblemException(ProblemType.RATE_LIMITED,
                        "Too many sign-ins are being checked at once; retry in a second", Map.of("Retry-After", "1"),
                        null));
            }
        });
    }
}
