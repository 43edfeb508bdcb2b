package io.keepsync.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;

import io.keepsync.auth.WebSession;
import io.keepsync.auth.WebSessions;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.error.ProblemType;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * The signed-in browser of the current console request, read from its session cookie once per request, and the
 * cookies the console sets. {@link #userId()} fails with a 401 that {@link ConsoleResponses} turns into the sign-in
 * page.
 */
@RequestScoped
public class ConsoleSession {

    /** The sign-in form's double-submit token: there is no session yet to hold one. */
    static final String SESSION = WebSessions.COOKIE;
    static final String SIGN_IN_COOKIE = "keepsync_signin";
    static final String CSRF_HEADER = "X-CSRF-Token";

    @Inject
    RoutingContext context;

    @Inject
    WebSessions sessions;

    private Optional<WebSession> session;

    /** Where a session read before the resource ran is left ({@link ConsoleRoutes}). */
    private static final String LOOKED_UP = "keepsync.console.session";

    public Optional<WebSession> current() {
        if (session == null) {
            Optional<WebSession> lookedUp = context.get(LOOKED_UP);
            session = lookedUp != null ? lookedUp : sessions.find(secret(context));
        }
        return session;
    }

    /** Leaves the session read for the request before the resource runs (see {@link ConsoleRoutes}). */
    static void lookedUp(RoutingContext context, Optional<WebSession> session) {
        context.put(LOOKED_UP, session);
    }

    /** The secret of the request's session cookie. */
    static String secret(RoutingContext context) {
        Cookie cookie = context.request().getCookie(SESSION);
        return cookie == null ? null : cookie.getValue();
    }

    public UUID userId() {
        return require().userId();
    }

    public String csrfToken() {
        return require().csrfToken();
    }

    /** Refuses an unsafe request whose {@value #CSRF_HEADER} header is not the session's token. */
    void checkCsrf() {
        if (!same(context.request().getHeader(CSRF_HEADER), require().csrfToken())) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The form's CSRF token is missing or wrong; reload the page and try again");
        }
    }

    /** Whether a sign-in form's token is the one in its cookie. */
    boolean signInTokenMatches(String formToken) {
        return same(formToken, cookie(SIGN_IN_COOKIE));
    }

    String secret() {
        return secret(context);
    }

    /** The hash the current session's secret is kept as, if the browser is signed in. */
    String sessionHash() {
        return require().tokenHash();
    }

    /** Whether the browser reached us over HTTPS (directly, or through a trusted proxy that says so). */
    boolean secure() {
        return "https".equals(context.request().scheme());
    }

    static NewCookie sessionCookie(String secret, long lifetimeSeconds, boolean secure) {
        return cookie(SESSION, secret, (int) lifetimeSeconds, secure);
    }

    static NewCookie signInCookie(String token, boolean secure) {
        return cookie(SIGN_IN_COOKIE, token, -1, secure);
    }

    NewCookie cleared() {
        return cookie(SESSION, "", 0, secure());
    }

    private WebSession require() {
        return current().orElseThrow(ProblemException::unauthorized);
    }

    private String cookie(String name) {
        Cookie cookie = context.request().getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** HttpOnly and SameSite=Strict always; Secure whenever the browser reached us over HTTPS. */
    private static NewCookie cookie(String name, String value, int maxAge, boolean secure) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(secure).maxAge(maxAge).build();
    }

    private static boolean same(String given, String expected) {
        return given != null && expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
