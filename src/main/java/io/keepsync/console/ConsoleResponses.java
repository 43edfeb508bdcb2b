package io.keepsync.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.keepsync.common.error.Problem;

/**
 * What every console answer shares: the CSRF check of unsafe requests, security headers (a Content-Security-Policy
 * that allows no inline script or style), and failures shown the console's way. A problem document, mapped in the one
 * place all failures are, becomes an alert toast for htmx requests; a 401 sends the browser to the sign-in page.
 */
public class ConsoleResponses {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Inject
    ConsoleSession session;

    @ServerRequestFilter
    @ConsolePage
    public void checkCsrf(ContainerRequestContext request) {
        String method = request.getMethod();
        boolean unsafe = !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)
                && !HttpMethod.OPTIONS.equals(method);
        // The sign-in and sign-up forms have no session yet; they carry a double-submit token that SignIn checks.
        String path = request.getUriInfo().getPath();
        if (unsafe && !SignIn.PATH.equals(path) && !SignIn.SIGN_UP_PATH.equals(path)) {
            session.checkCsrf();
        }
    }

    @ServerResponseFilter
    @ConsolePage
    public void decorate(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("X-Frame-Options", "DENY");
        if (!headers.containsKey(HttpHeaders.CACHE_CONTROL)) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (response.getEntity() instanceof Problem problem) {
            showProblem(request, response, problem);
        }
    }

    private static void showProblem(ContainerRequestContext request, ContainerResponseContext response,
            Problem problem) {
        boolean htmx = request.getHeaderString("HX-Request") != null;
        if (problem.status() == 401) {
            if (htmx) {
                response.getHeaders().putSingle("HX-Redirect", SignIn.PATH);
            } else if (HttpMethod.GET.equals(request.getMethod())) {
                response.setStatus(Response.Status.SEE_OTHER.getStatusCode());
                response.getHeaders().putSingle(HttpHeaders.LOCATION, SignIn.PATH);
                response.setEntity(null);
                response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            }
            return;
        }
        if (htmx) {
            response.getHeaders().putSingle("HX-Reswap", "none");
            response.setEntity(Views.parts$toast(Toast.failure(text(problem))).render(), null,
                    Html.TYPE);
        }
    }

    /** The problem's detail; for a validation problem, what is wrong with each field. */
    private static String text(Problem problem) {
        if (problem.violations() == null || problem.violations().isEmpty()) {
            return problem.detail();
        }
        return String.join("; ", problem.violations().stream().map(v -> v.field() + " " + v.message()).toList());
    }
}
