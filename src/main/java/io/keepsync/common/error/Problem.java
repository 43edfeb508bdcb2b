package io.keepsync.common.error;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document, the body of every error answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(String type, String title, int status, String detail, String instance,
        List<Violation> violations, String correlationId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request. */
    public record Violation(String field, String message) {
    }

    static Problem of(ProblemType type, String detail, String instance) {
        return of(type, type.status(), detail, instance);
    }

    /** A problem whose status is not its type's usual one (a framework refusal with its own status). */
    static Problem of(ProblemType type, int status, String detail, String instance) {
        return new Problem(type.uri(), type.title(), status, detail, instance, null, null);
    }

    Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, instance, list, correlationId);
    }

    Problem withCorrelationId(String id) {
        return new Problem(type, title, status, detail, instance, violations, id);
    }
}
