package io.keepsync.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keepsync.TestUsers;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A browser signed in to the console over plain HTTP: its session cookie and the CSRF token its pages carry. */
public record ConsoleBrowser(String session, String csrf) {

    private static final Pattern CSRF = Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"");

    /** The sign-in form posted as a browser posts it, with its double-submit token. */
    public static Response postSignIn(String email, String password, String forwardedProto) {
        Response form = RestAssured.given().get("/signin");
        String token = form.cookie(ConsoleSession.SIGN_IN_COOKIE);
        var request = RestAssured.given().redirects().follow(false).cookie(ConsoleSession.SIGN_IN_COOKIE, token)
                .contentType(ContentType.URLENC).formParam("email", email).formParam("password", password)
                .formParam("csrf", token);
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        return request.post("/signin");
    }

    /** Posts the create-account form as a browser that loaded it. */
    public static Response postSignUp(String email, String password) {
        Response form = RestAssured.given().get("/signup");
        String token = form.cookie(ConsoleSession.SIGN_IN_COOKIE);
        return RestAssured.given().redirects().follow(false).cookie(ConsoleSession.SIGN_IN_COOKIE, token)
                .contentType(ContentType.URLENC).formParam("email", email).formParam("password", password)
                .formParam("csrf", token).post("/signup");
    }

    public static ConsoleBrowser signIn(TestUsers.Session user) {
        String session = postSignIn(user.email(), TestUsers.PASSWORD, null).then().statusCode(303).extract()
                .cookie(ConsoleSession.SESSION);
        String page = RestAssured.given().cookie(ConsoleSession.SESSION, session).get("/").then().statusCode(200).extract()
                .asString();
        Matcher csrf = CSRF.matcher(page);
        assertTrue(csrf.find(), "the page carries no CSRF token");
        return new ConsoleBrowser(session, csrf.group(1));
    }

    /** The Cookie header this browser sends. */
    public String cookie() {
        return ConsoleSession.SESSION + "=" + session;
    }

    public RequestSpecification given() {
        return RestAssured.given().redirects().follow(false).cookie(ConsoleSession.SESSION, session)
                .header("X-CSRF-Token", csrf);
    }

    /** As htmx sends it: failures come back as toasts. */
    public RequestSpecification htmx() {
        return given().header("HX-Request", "true");
    }
}
