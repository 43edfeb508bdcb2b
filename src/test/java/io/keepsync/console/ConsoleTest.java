package io.keepsync.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.backup.SnapshotFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The console's HTTP contract below the browser: cookie flags, CSRF, sessions that end, the shared login throttle,
 * the Content-Security-Policy and escaping. ConsoleIT drives the same pages in chromium.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConsoleTest {

    @Test
    void the_session_cookie_is_http_only_and_same_site_strict_and_a_stranger_cannot_make_it_think_https() {
        TestUsers.Session user = TestUsers.register();
        String plain = ConsoleBrowser.postSignIn(user.email(), TestUsers.PASSWORD, null).then().statusCode(303)
                .header("Location", containsString("/")).extract().header("Set-Cookie");
        assertTrue(plain.contains("HttpOnly") && plain.contains("SameSite=Strict"), plain);
        assertFalse(plain.contains("Secure"), plain);
        // Loopback is no trusted proxy: its X-Forwarded-Proto is not believed (ForwardedHeadersTest trusts one).
        String forged = ConsoleBrowser.postSignIn(user.email(), TestUsers.PASSWORD, "https").then().statusCode(303)
                .extract().header("Set-Cookie");
        assertTrue(forged.contains("HttpOnly") && forged.contains("SameSite=Strict"), forged);
        assertFalse(forged.contains("Secure"), forged);
    }

    @Test
    void the_sign_in_page_offers_create_account_with_the_apis_rules() {
        RestAssured.given().get("/signin").then().statusCode(200)
                .body(containsString("data-action=\"create-account\""));
        String email = TestUsers.freshEmail();
        String session = ConsoleBrowser.postSignUp(email, TestUsers.PASSWORD).then().statusCode(303)
                .header("Location", containsString("/")).extract().cookie(ConsoleSession.SESSION);
        RestAssured.given().cookie(ConsoleSession.SESSION, session).get("/account").then().statusCode(200)
                .body(containsString(email));
        // The account is an ordinary one: the API signs in to it.
        RestAssured.given().contentType(ContentType.JSON).body(java.util.Map.of("email", email, "password",
                TestUsers.PASSWORD)).post("/api/v1/auth/login").then().statusCode(200);
        ConsoleBrowser.postSignUp(email, TestUsers.PASSWORD).then().statusCode(409)
                .body(containsString("An account with this email already exists"));
        ConsoleBrowser.postSignUp(TestUsers.freshEmail(), "short").then().statusCode(400)
                .body(containsString("at least 10 characters"));
        // Without the form's own token (a cross-site post) nothing is created.
        String forged = TestUsers.freshEmail();
        RestAssured.given().redirects().follow(false).contentType(ContentType.URLENC).formParam("email", forged)
                .formParam("password", TestUsers.PASSWORD).formParam("csrf", "guess").post("/signup").then()
                .statusCode(403);
        RestAssured.given().contentType(ContentType.JSON).body(java.util.Map.of("email", forged, "password",
                TestUsers.PASSWORD)).post("/api/v1/auth/login").then().statusCode(401);
    }

    @Test
    void pages_carry_a_content_security_policy_and_no_inline_script_or_style() {
        ConsoleBrowser browser = ConsoleBrowser.signIn(TestUsers.register());
        for (String page : new String[] { "/", "/devices", "/api-keys", "/account", "/signin", "/signup" }) {
            Response response = browser.given().get(page);
            String csp = response.header("Content-Security-Policy");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"), csp);
            assertFalse(csp.contains("unsafe"), csp);
            String html = response.asString();
            assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find(), page + " has an inline script");
            assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), page + " has an event handler attribute");
            assertFalse(Pattern.compile("\\sstyle=").matcher(html).find(), page + " has a style attribute");
        }
    }

    @Test
    void an_unsafe_request_without_the_right_csrf_token_is_refused_and_changes_nothing() throws Exception {
        TestUsers.Session user = TestUsers.register();
        String id = upload(user, null, 10);
        ConsoleBrowser browser = ConsoleBrowser.signIn(user);

        given().cookie(ConsoleSession.SESSION, browser.session()).post("/backups/" + id + "/pin").then()
                .statusCode(403).contentType("application/problem+json");
        given().cookie(ConsoleSession.SESSION, browser.session()).header("X-CSRF-Token", "forged")
                .post("/backups/" + id + "/pin").then().statusCode(403);
        user.given().get("/api/v1/backups/" + id).then().body("pinned", equalTo(false));

        browser.given().post("/backups/" + id + "/pin").then().statusCode(200)
                .body(containsString("data-backup-id=\"" + id + "\""));
        user.given().get("/api/v1/backups/" + id).then().body("pinned", equalTo(true));
    }

    @Test
    void a_sign_in_without_its_form_token_is_refused() {
        TestUsers.Session user = TestUsers.register();
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("email", user.email())
                .formParam("password", TestUsers.PASSWORD).post("/signin").then().statusCode(403)
                .header("Set-Cookie", not(containsString(ConsoleSession.SESSION + "=")));
    }

    @Test
    void without_a_session_pages_redirect_to_sign_in_and_htmx_requests_are_told_to() {
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/signin"));
        given().redirects().follow(false).cookie(ConsoleSession.SESSION, "made-up").get("/api-keys").then()
                .statusCode(303);
        given().header("HX-Request", "true").get("/backups/rows").then().statusCode(401)
                .header("HX-Redirect", "/signin");
        given().get("/console/events").then().statusCode(401);
    }

    @Test
    void signing_out_ends_the_session_everywhere() {
        ConsoleBrowser browser = ConsoleBrowser.signIn(TestUsers.register());
        browser.given().post("/signout").then().statusCode(204).header("HX-Redirect", startsWith("/signin"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        browser.given().get("/").then().statusCode(303);
        browser.given().get("/console/events").then().statusCode(401);
    }

    @Test
    void failed_console_sign_ins_count_towards_the_login_lockout_of_the_api() {
        TestUsers.Session user = TestUsers.register();
        for (int i = 0; i < 5; i++) {
            ConsoleBrowser.postSignIn(user.email(), "wrong password " + i, null).then().statusCode(401)
                    .body(containsString("The email or the password is wrong"));
        }
        given().contentType(ContentType.JSON).body(Map.of("email", user.email(), "password", TestUsers.PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(429);
        ConsoleBrowser.postSignIn(user.email(), TestUsers.PASSWORD, null).then().statusCode(429).header("Retry-After",
                not(emptyOrNullString()));
    }

    @Test
    void user_strings_are_escaped_in_rows_and_toasts() throws Exception {
        TestUsers.Session user = TestUsers.register();
        String markup = "<img src=x onerror=alert(1)>";
        String id = upload(user, "\"><script>alert(2)</script>", 10);
        ConsoleBrowser browser = ConsoleBrowser.signIn(user);

        String row = browser.htmx().contentType(ContentType.URLENC).formParam("label", markup)
                .post("/backups/" + id + "/label").then().statusCode(200).extract().asString();
        assertTrue(row.contains("&lt;img src=x onerror=alert(1)&gt;"), row);
        assertFalse(row.contains("<img") || row.contains("<script"), row);
        String page = browser.given().get("/").asString();
        assertFalse(page.contains("<img") || page.contains("<script>alert"), "unescaped user text on the page");

        String toast = browser.htmx().contentType(ContentType.URLENC).formParam("name", "")
                .post("/api-keys").then().statusCode(400).header("HX-Reswap", "none").extract().asString();
        assertTrue(toast.contains("role=\"alert\""), toast);
    }

    @Test
    void another_users_backup_is_not_found_from_the_console_either() throws Exception {
        String id = upload(TestUsers.register(), null, 10);
        ConsoleBrowser other = ConsoleBrowser.signIn(TestUsers.register());
        other.htmx().post("/backups/" + id + "/pin").then().statusCode(404).body(containsString("role=\"alert\""));
        other.given().delete("/backups/" + id).then().statusCode(404);
        other.given().get("/backups/" + id + "/download").then().statusCode(404);
        other.given().post("/backups/not-a-uuid/pin").then().statusCode(404);
    }

    @Test
    void the_newer_rows_answer_brings_only_what_the_page_lacks_with_the_summary() throws Exception {
        TestUsers.Session user = TestUsers.register();
        ConsoleBrowser browser = ConsoleBrowser.signIn(user);
        String first = upload(user, null, 10);
        String all = browser.given().get("/backups/rows/newer").then().statusCode(200).extract().asString();
        assertTrue(all.contains("data-backup-id=\"" + first + "\"") && all.contains("data-backup-count=\"1\""), all);
        Matcher newest = Pattern.compile("id=\"newest-backup\" name=\"after\" value=\"([^\"]+)\"").matcher(all);
        assertTrue(newest.find(), all);

        String second = upload(user, null, 30);
        String fresh = browser.given().queryParam("after", newest.group(1)).get("/backups/rows/newer").then()
                .statusCode(200).extract().asString();
        assertTrue(fresh.contains("data-backup-id=\"" + second + "\""), fresh);
        assertFalse(fresh.contains("data-backup-id=\"" + first + "\""), fresh);
        assertEquals(1, fresh.split("<tr data-backup-id").length - 1);
        browser.given().queryParam("after", "forged").get("/backups/rows/newer").then().statusCode(400);
    }

    @Test
    void changing_the_password_in_the_console_keeps_this_browser_and_ends_every_other_session() {
        TestUsers.Session user = TestUsers.register();
        ConsoleBrowser here = ConsoleBrowser.signIn(user);
        ConsoleBrowser there = ConsoleBrowser.signIn(user);
        here.htmx().contentType(ContentType.URLENC).formParam("currentPassword", "not the password")
                .formParam("newPassword", "a fresh long password").post("/account/password").then().statusCode(400)
                .body(containsString("role=\"alert\""));
        here.htmx().contentType(ContentType.URLENC).formParam("currentPassword", TestUsers.PASSWORD)
                .formParam("newPassword", "a fresh long password").post("/account/password").then().statusCode(200)
                .body(containsString("role=\"status\"")).body(containsString("password is changed"));
        here.given().get("/account").then().statusCode(200);
        there.given().get("/account").then().statusCode(303);
        user.given().get("/api/v1/me").then().statusCode(401);
        ConsoleBrowser.postSignIn(user.email(), "a fresh long password", null).then().statusCode(303);
    }

    @Test
    void signing_out_everywhere_in_the_console_ends_every_session_this_one_included() {
        TestUsers.Session user = TestUsers.register();
        ConsoleBrowser here = ConsoleBrowser.signIn(user);
        ConsoleBrowser there = ConsoleBrowser.signIn(user);
        here.htmx().post("/account/sign-out-everywhere").then().statusCode(204)
                .header("HX-Redirect", containsString("/signin"));
        here.given().get("/").then().statusCode(303);
        there.given().get("/").then().statusCode(303);
        user.given().get("/api/v1/me").then().statusCode(401);
    }

    /** A new backup of {@code rows} rows uploaded through the API, from a device when {@code clientId} is set. */
    static String upload(TestUsers.Session user, String clientId, int rows) throws Exception {
        var request = user.given().contentType("application/vnd.sqlite3");
        if (clientId != null) {
            request.header("X-Client-Id", clientId);
        }
        return request.body(Files.readAllBytes(SnapshotFiles.create(rows))).post("/api/v1/backups").then()
                .statusCode(201).extract().path("id");
    }
}
