package io.keepsync.console;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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

import io.keepsync.auth.AuthService;
import io.keepsync.auth.Credentials;
import io.keepsync.auth.WebSessions;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.http.StrictQuery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Signing in to the console with email and password or with a link an app asked for, creating an account while
 * registration is open, and signing out.
 */
@Path("/")
@ConsolePage
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class SignIn {

    static final String PATH = "/signin";
    static final String SIGN_UP_PATH = "/signup";

    /** Fixed notices the sign-in page shows after a redirect; the query names one, never supplies text. */
    private static final Map<String, String> NOTICES = Map.of("signed-out", "You are signed out.", "deleted",
            "Your account and everything it held are deleted.", "signed-out-everywhere",
            "You are signed out everywhere: every session of your account has ended.");

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
        return page(200, null, null, notice == null ? null : NOTICES.get(notice), session.secure()).build();
    }

    /** A console link from {@code POST /api/v1/me/console-link}: a session for its user, once. */
    @GET
    @Path(WebSessions.LINK_PATH)
    @Operation(hidden = true)
    public Response link(@QueryParam("token") String token) {
        boolean secure = session.secure();
        return sessions.redeem(token)
                .map(started -> Response.seeOther(URI.create("/"))
                        .cookie(ConsoleSession.sessionCookie(started.secret(), sessions.lifetimeSeconds(), secure)).build())
                .orElseGet(() -> page(400, null, "This sign-in link was used already or has expired; open it again from "
                        + "the app, or sign in", null, secure).build());
    }

    @GET
    @Path(SIGN_UP_PATH)
    @Operation(hidden = true)
    public Response signUpForm() {
        if (session.current().isPresent()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return signUpPage(auth.registrationOpen() ? 200 : 403, null, closedMessage(), session.secure()).build();
    }

    /** Creates an account with the API's rules and limits, and signs the browser in to it. */
    @POST
    @Path(SIGN_UP_PATH)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> signUp(byte[] form) {
        return signedIn(form, this::signUpPage, "The form expired or did not come from this site; try again",
                "Give a valid email and a password of at least 10 characters", auth::createAccount);
    }

    private String closedMessage() {
        return auth.registrationOpen() ? null : "This server does not accept new accounts";
    }

    @POST
    @Path(PATH)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> signIn(byte[] form) {
        // Wrong credentials (401) and a locked-out email (429) are shown on the form, with the API's words.
        return signedIn(form, (status, email, error, secure) -> page(status, email, error, null, secure),
                "The sign-in form expired or did not come from this site; try again",
                "The email or the password is not valid", auth::verify);
    }

    /** A page with an email/password form, shown again with the email typed and what went wrong. */
    private interface FormPage {
        Response.ResponseBuilder show(int status, String email, String error, boolean secure);
    }

    /**
     * The answer to a posted email/password form: checked against its double-submit token and the credentials' rules,
     * then the account {@code account} finds or makes is signed in with a new session; every refusal shows the form
     * again with the reason (the API's words for the account's refusals).
     */
    private Uni<Response> signedIn(byte[] form, FormPage page, String expired, String invalid,
            Function<Credentials, Uni<UUID>> account) {
        // Read from the raw body, strictly: the framework's form decoding would turn bytes that are not UTF-8 into U+FFFD.
        String email = StrictQuery.formParam(form, "email");
        String password = StrictQuery.formParam(form, "password");
        String csrf = StrictQuery.formParam(form, "csrf");
        boolean secure = session.secure();
        if (!session.signInTokenMatches(csrf)) {
            return Uni.createFrom().item(page.show(403, email, expired, secure).build());
        }
        Credentials credentials = new Credentials(email, password);
        Set<ConstraintViolation<Credentials>> violations = validator.validate(credentials);
        if (!violations.isEmpty()) {
            return Uni.createFrom().item(page.show(400, credentials.email(), invalid, secure).build());
        }
        return account.apply(credentials).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(user -> Response.seeOther(URI.create("/"))
                        .cookie(ConsoleSession.sessionCookie(sessions.start(user).secret(), sessions.lifetimeSeconds(),
                                secure))
                        .build())
                .onFailure(ProblemException.class).recoverWithItem(failure -> {
                    ProblemException e = (ProblemException) failure;
                    Response.ResponseBuilder answer = page.show(e.status(), credentials.email(), e.getMessage(), secure);
                    e.headers().forEach(answer::header);
                    return answer.build();
                });
    }

    @POST
    @Path("/signout")
    @Operation(hidden = true)
    public Response signOut() {
        sessions.end(session.secret());
        return Response.noContent().header("HX-Redirect", PATH + "?notice=signed-out").cookie(session.cleared())
                .build();
    }

    private Response.ResponseBuilder page(int status, String email, String error, String notice, boolean secure) {
        String token = sessions.signInToken();
        return Html.of(Views.signin(token, email, error, notice, auth.registrationOpen())).status(status)
                .cookie(ConsoleSession.signInCookie(token, secure));
    }

    private Response.ResponseBuilder signUpPage(int status, String email, String error, boolean secure) {
        String token = sessions.signInToken();
        return Html.of(Views.signup(token, email, error, auth.registrationOpen())).status(status)
                .cookie(ConsoleSession.signInCookie(token, secure));
    }
}
