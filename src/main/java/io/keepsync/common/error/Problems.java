package io.keepsync.common.error;

import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Sends a problem from a Vert.x route, for refusals made before a request reaches a REST resource. */
public final class Problems {

    private Problems() {
    }

    public static void send(RoutingContext context, ProblemException problem) {
        var response = context.response().setStatusCode(problem.status()).putHeader("Content-Type",
                Problem.MEDIA_TYPE);
        problem.headers().forEach(response::putHeader);
        response.end(Json.encode(problem.toProblem(context.normalizedPath())));
    }
}
