package io.keepsync.common.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.keepsync.common.error.Problems;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Stops gracefully on SIGTERM: at once the service reports not ready and answers new requests with 503 and
 * {@code Retry-After} (a load balancer then sends them to another replica), while requests in flight, uploads
 * included, finish within {@code keepsync.shutdown.timeout} before the process exits (Quarkus waits for them).
 */
@Readiness
@ApplicationScoped
public class Draining implements HealthCheck {

    private final AtomicBoolean draining = new AtomicBoolean();
    private final List<Runnable> whenDraining = new CopyOnWriteArrayList<>();

    /** Quarkus fires this as soon as it starts to stop, before it waits for the requests in flight. */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        draining.set(true);
        whenDraining.forEach(Runnable::run);
    }

    /**
     * Runs {@code action} as soon as draining starts: for requests that would otherwise never finish, such as event
     * streams, whose clients then reconnect to another replica.
     */
    public void whenDraining(Runnable action) {
        whenDraining.add(action);
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.DRAINING).handler(this::refuseWhileDraining);
    }

    private void refuseWhileDraining(RoutingContext context) {
        if (draining.get() && !context.normalizedPath().startsWith("/q/health")) {
            context.response().putHeader("Connection", "close");
            Problems.send(context, ProblemException.retrySoon(ProblemType.SHUTTING_DOWN,
                    "This server is shutting down; retry, another one will answer"));
            return;
        }
        context.next();
    }

    @Override
    public HealthCheckResponse call() {
        return draining.get() ? HealthCheckResponse.named("Shutdown").down().withData("state", "shutting down").build()
                : HealthCheckResponse.named("Shutdown").up().build();
    }
}
