package io.keepsync.console;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

import io.keepsync.auth.AuthService;
import io.keepsync.auth.Credentials;
import io.keepsync.auth.WebSessions;
import io.keepsync.common.error.ProblemException;

/** Signing in to the console with email and password, and signing out. */
@Path("/")
@ConsolePage
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SignIn {

    static final String PATH = "/signin";

    /** Fixed notices the sign-in page shows after a redirect; the query names one, never supplies text. */
    private static final Map<String, String> NOTICES = Map.of("signed-out", "You are signed out.", "deleted",
            "Your account and everything it held are deleted.");

    @Inject
    AuthService auth;

    @Inject
    WebSessions sessions;

    @Inject
    ConsoleSession session;

    @Inject
    Validator validator;

    @GET
    @Path(PATH)
    @Operation(hidden = true)
    public Response form(@QueryParam("notice") String notice) {
        if (session.current().isPresent()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return page(200, null, null, notice == null ? null : NOTICES.get(notice)).build();
    }

    @POST
    @Path(PATH)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response signIn(@RestForm String email, @RestForm String password, @RestForm String csrf) {
        if (!session.signInTokenMatches(csrf)) {
            return page(403, email, "The sign-in form expired or did not come from this site; try again", null)
                    .build();
        }
        Credentials credentials = new Credentials(email, password);
        Set<ConstraintViolation<Credentials>> violations = validator.validate(credentials);
        if (!violations.isEmpty()) {
            return page(400, credentials.email(), "The email or the password is not valid", null).build();
        }
        try {
            WebSessions.Started started = sessions.start(auth.verify(credentials));
            return Response.seeOther(URI.create("/")).cookie(session.sessionCookie(started.secret())).build();
        } catch (ProblemException e) {
            // Wrong credentials (401) and a locked-out email (429) are shown on the form, with the API's words.
            Response.ResponseBuilder answer = page(e.status(), credentials.email(), e.getMessage(), null);
            e.headers().forEach(answer::header);
            return answer.build();
        }
    }

    @POST
    @Path("/signout")
    @Operation(hidden = true)
    public Response signOut() {
        sessions.end(session.secret());
        return Response.noContent().header("HX-Redirect", PATH + "?notice=signed-out").cookie(session.cleared())
                .build();
    }

    private Response.ResponseBuilder page(int status, String email, String error, String notice) {
        String token = sessions.signInToken();
        return Html.of(Views.signin(token, email, error, notice)).status(status).cookie(session.signInCookie(token));
    }
}
