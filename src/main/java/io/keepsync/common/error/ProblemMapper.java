package io.keepsync.common.error;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where failures become {@code application/problem+json} answers: our own domain exceptions, the
 * framework's HTTP errors, validation, security and unexpected exceptions (500 with a correlation id, logged once).
 * No class name or stack trace ever reaches a client.
 */
public class ProblemMapper {

    /** The one explanation of a 401, whichever layer refuses the credentials. */
    static final String UNAUTHORIZED_DETAIL = "A valid access token or API key is required";

    static final String INSUFFICIENT_SCOPE_DETAIL = "This credential may not do this: a device API key works within "
            + "its scopes and never manages keys, passwords, sessions or the account; use an access token";

    @ServerExceptionMapper
    public Response domain(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder builder = respond(e.toProblem(path(uri)));
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        Problem problem = Problem.of(ProblemType.VALIDATION,
                "The request has " + violations.size() + " invalid field(s)", path(uri)).withViolations(violations);
        return respond(problem).build();
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return domain(ProblemException.unreadableJson(e), uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return domain(ProblemException.unreadableJson(e), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    /** Security refuses a caller that is known but lacks the role: a device API key outside its scopes. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.INSUFFICIENT_SCOPE, INSUFFICIENT_SCOPE_DETAIL, path(uri))).build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedJson(mismatch, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        Response.ResponseBuilder builder = respond(httpProblem(status, path(uri)));
        for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER)) {
            if (original.getHeaderString(header) != null) {
                builder.header(header, original.getHeaderString(header));
            }
        }
        return builder.build();
    }

    /**
     * A multipart body the server could not parse (a wrong or missing boundary, a body cut off) surfaces as this
     * I/O failure before any resource runs.
     */
    @ServerExceptionMapper
    public Response io(IOException e, UriInfo uri) {
        if (e.getMessage() != null && e.getMessage().contains("multipart")) {
            return respond(Problem.of(ProblemType.MALFORMED_REQUEST,
                    "The multipart body is malformed or was cut off; nothing was stored", path(uri))).build();
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String correlationId = UUID.randomUUID().toString();
        if (isDatabaseUnavailable(e)) {
            Log.errorf(e, "Database unavailable [correlationId=%s] at %s", correlationId, path(uri));
            return respond(Problem.of(ProblemType.DATABASE_UNAVAILABLE,
                    "The database is unavailable; nothing was changed, retry later", path(uri))
                    .withCorrelationId(correlationId))
                    .header(HttpHeaders.RETRY_AFTER, ProblemException.RETRY_SOON_SECONDS)
                    .header("X-Correlation-Id", correlationId).build();
        }
        Log.errorf(e, "Unexpected failure [correlationId=%s] at %s", correlationId, path(uri));
        return respond(Problem.of(ProblemType.INTERNAL,
                "Something went wrong on our side; quote the correlation id when reporting it", path(uri))
                .withCorrelationId(correlationId))
                .header("X-Correlation-Id", correlationId).build();
    }

    static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static Response unauthenticated(UriInfo uri) {
        return respond(Problem.of(ProblemType.UNAUTHORIZED, UNAUTHORIZED_DETAIL, path(uri)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static Problem httpProblem(int status, String instance) {
        return switch (status) {
            case 400 -> Problem.of(ProblemType.BAD_REQUEST, "The request is malformed", instance);
            case 401 -> Problem.of(ProblemType.UNAUTHORIZED, UNAUTHORIZED_DETAIL, instance);
            case 403 -> Problem.of(ProblemType.FORBIDDEN, "This action is not allowed", instance);
            case 404 -> Problem.of(ProblemType.NOT_FOUND, "There is nothing at this address", instance);
            case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED, "This address does not accept that method", instance);
            case 406 -> Problem.of(ProblemType.NOT_ACCEPTABLE, "No acceptable representation is available", instance);
            case 413 -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large", instance);
            case 415 -> Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "This address does not accept that content type",
                    instance);
            default -> Problem.of(ProblemType.REQUEST_REFUSED, status, "The request could not be processed", instance);
        };
    }

    private static String field(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        violation.getPropertyPath().forEach(node -> {
            if (node.getKind() != ElementKind.METHOD) {
                nodes.add(node);
            }
        });
        if (nodes.size() > 1 && nodes.get(0).getKind() == ElementKind.PARAMETER) {
            nodes.remove(0);
        }
        return nodes.isEmpty() ? "body"
                : String.join(".", nodes.stream().map(node -> String.valueOf(node.getName())).toList());
    }

    private static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("40") || state.startsWith("58")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
