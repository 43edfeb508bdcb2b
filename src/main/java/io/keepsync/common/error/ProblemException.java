package io.keepsync.common.error;

import java.util.List;
import java.util.Map;

/**
 * A domain failure that answers with a problem document; features subclass it or use the factories below, and
 * {@link ProblemMapper} turns it into the response.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, String> headers;
    private final List<Problem.Violation> violations;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of(), null);
    }

    public ProblemException(int status, String slug, String title, String detail, Map<String, String> headers,
            List<Problem.Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.headers = headers;
        this.violations = violations;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "validation", "Invalid request", field + ": " + message, Map.of(),
                List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist");
    }

    public static ProblemException unauthorized() {
        return new ProblemException(401, "unauthorized", "Unauthorized",
                "A valid access token or API key is required");
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "payload-too-large", "Payload too large", detail);
    }

    public int status() {
        return status;
    }

    Problem toProblem(String instance) {
        Problem problem = Problem.of(slug, title, status, getMessage(), instance);
        return violations == null ? problem : problem.withViolations(violations);
    }

    Map<String, String> headers() {
        return headers;
    }
}
