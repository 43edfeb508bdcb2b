package io.keepsync.common.http;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** HTTP limits of our own ({@code KEEPSYNC_HTTP_*}). */
@ConfigMapping(prefix = "keepsync.http")
public interface HttpConfig {

    /** Largest JSON request body (413 above); backup uploads have their own limit. */
    @WithDefault("16M")
    MemorySize maxJsonBody();

    /**
     * A connection that sends and receives nothing for this long is closed (half-sent requests included); 60 s by
     * default, set in application.properties, where {@code quarkus.http.idle-timeout} reads it.
     */
    Duration idleTimeout();

    /**
     * Peers whose {@code Forwarded} and {@code X-Forwarded-*} headers are believed (addresses or CIDRs): for everyone
     * else the client is the TCP peer, whatever it claims. {@code KEEPSYNC_TRUSTED_PROXIES}; the private ranges (a
     * host's load balancer) by default, loopback not included.
     */
    @WithDefault("${KEEPSYNC_TRUSTED_PROXIES:10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7}")
    List<String> trustedProxies();
}
