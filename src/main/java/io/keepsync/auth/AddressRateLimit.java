package io.keepsync.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Counts requests per client address to the endpoints that take passwords and refresh tokens, {@code keepsync.auth.rate-limit}
 * a minute, refused with 429 before their bodies are read. The address is the TCP peer, or what a trusted proxy says it
 * forwarded for ({@code keepsync.http.trusted-proxies}); an IPv6 client is counted by its /64, which is what one
 * subscriber gets. Each replica counts for itself.
 */
// Caffeine picks the node class of a size-bounded, access-expiring cache by name; Quarkus registers other ones.
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.PSAMS")
@ApplicationScoped
public class AddressRateLimit {

    /** Addresses remembered at once (about 100 bytes each); the least recently seen go first. */
    private static final int ADDRESSES = 100_000;

    @Inject
    AuthConfig config;

    @Inject
    MeterRegistry registry;

    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder().maximumSize(ADDRESSES)
            .expireAfterAccess(Duration.ofMinutes(2)).build();

    /** Counts a request of the address: 0 when it may go ahead, else the seconds until it may. */
    public long take(String address) {
        int perMinute = config.rateLimit();
        return perMinute <= 0 ? 0 : buckets.get(client(address), key -> new TokenBucket(perMinute)).take();
    }

    /** Counts a refused request of the path. */
    public void refused(String path) {
        registry.counter("keepsync.auth.rate.limited", "path", path).increment();
    }

    /** The key an address is counted under: itself, or its /64 for IPv6. */
    static String client(String host) {
        if (host == null) {
            return "unknown";
        }
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            byte[] bytes = InetAddress.getByName(host).getAddress();
            return bytes.length == 16 ? Arrays.toString(Arrays.copyOf(bytes, 8)) : host;
        } catch (UnknownHostException e) {
            return host;
        }
    }

    /** {@code perMinute} requests at once, then one every {@code 60 / perMinute} seconds. */
    static final class TokenBucket {

        private final double capacity;
        private final double perNano;
        private double tokens;
        private long refilledAt = System.nanoTime();

        TokenBucket(int perMinute) {
            this.capacity = perMinute;
            this.perNano = perMinute / 60e9;
            this.tokens = perMinute;
        }

        /** Takes a token: 0 when there was one, else the seconds until there is. */
        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
        }
    }
}
