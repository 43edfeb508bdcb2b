package io.keepsync.common.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.smallrye.health.runtime.SmallRyeHealthHandler;
import io.quarkus.smallrye.health.runtime.SmallRyeLivenessHandler;
import io.quarkus.smallrye.health.runtime.SmallRyeReadinessHandler;
import io.quarkus.vertx.http.ManagementInterface;

/**
 * Health on the management interface too ({@code KEEPSYNC_MANAGEMENT_PORT}), beside metrics, with the extension's own
 * handlers: orchestrators probe that port, while hosts such as Railway health-check {@code PORT}, where the extension
 * serves it.
 */
@ApplicationScoped
public class ManagementHealth {

    void install(@Observes ManagementInterface management) {
        management.router().get("/q/health").handler(new SmallRyeHealthHandler());
        management.router().get("/q/health/live").handler(new SmallRyeLivenessHandler());
        management.router().get("/q/health/ready").handler(new SmallRyeReadinessHandler());
    }
}
