package io.keepsync.common.error;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A domain failure that answers with a problem document; features use the factories below or name a
 * {@link ProblemType}, and {@link ProblemMapper} turns it into the response.
 */
public class ProblemException extends RuntimeException {

    /** Seconds a client should wait before trying again when the service or its database is briefly unavailable. */
    public static final String RETRY_SOON_SECONDS = "5";

    private final ProblemType type;
    private final Map<String, String> headers;
    private final List<Problem.Violation> violations;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, String> headers,
            List<Problem.Violation> violations) {
        super(detail, null, false, false);
        this.type = type;
        this.headers = headers;
        this.violations = violations;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message, Map.of(),
                List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
    }

    public static ProblemException unauthorized() {
        return new ProblemException(ProblemType.UNAUTHORIZED, ProblemMapper.UNAUTHORIZED_DETAIL);
    }

    /** A body that is not JSON, or not of the expected shape (then the first field that is not, as a violation). */
    public static ProblemException unreadableJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
            return new ProblemException(ProblemType.MALFORMED_REQUEST,
                    "The request body does not have the expected shape at " + field, Map.of(),
                    List.of(new Problem.Violation(field, "has the wrong type or shape")));
        }
        return new ProblemException(ProblemType.MALFORMED_REQUEST, "The request body is not valid JSON");
    }

    /** A refusal that passes soon (503 while stopping, 429 over a cap): the client retries after a few seconds. */
    public static ProblemException retrySoon(ProblemType type, String detail) {
        return new ProblemException(type, detail, Map.of("Retry-After", RETRY_SOON_SECONDS), null);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, detail);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    Problem toProblem(String instance) {
        Problem problem = Problem.of(type, getMessage(), instance);
        return violations == null ? problem : problem.withViolations(violations);
    }

    public Map<String, String> headers() {
        return headers;
    }
}
