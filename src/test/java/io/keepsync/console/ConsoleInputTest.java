package io.keepsync.console;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** What the console does with text that cannot be stored exactly, with many backups, and with random input. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConsoleInputTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void a_label_or_key_name_that_is_not_storable_text_is_refused_and_nothing_changes() throws Exception {
        TestUsers.Session user = TestUsers.register();
        String id = ConsoleTest.upload(user, "phone", 10);
        ConsoleBrowser browser = ConsoleBrowser.signIn(user);
        for (byte[] body : List.of(bytes("label=%C0%AF"), bytes("label=a%00b"), bytes("label=%ED%A0%80"),
                new byte[] { 'l', 'a', 'b', 'e', 'l', '=', (byte) 0xC3 }, bytes("label=%G1"))) {
            HttpResponse<String> refused = send(browser, "POST", "/backups/" + id + "/label", FORM, body);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("role=\"alert\""), refused.body());
            assertEquals(400, send(browser, "POST", "/api-keys", FORM, body).statusCode());
        }
        assertEquals(400, send(browser, "POST", "/api-keys", FORM, null).statusCode());
        assertEquals(200, send(browser, "POST", "/backups/" + id + "/label", FORM, null).statusCode());
        user.given().get("/api/v1/backups/" + id).then().body("label", nullValue());
        user.given().get("/api/v1/api-keys").then().body("size()", equalTo(0));

        assertEquals(200, send(browser, "POST", "/backups/" + id + "/label", FORM,
                bytes("label=caf%C3%A9+%F0%9F%93%B1")).statusCode());
        user.given().get("/api/v1/backups/" + id).then().body("label", equalTo("café 📱"));
    }

    @Test
    void the_table_pages_through_older_backups_and_shows_the_shrunk_warning() throws Exception {
        TestUsers.Session user = TestUsers.register();
        ConsoleTest.upload(user, "phone", 2000);
        String shrunk = ConsoleTest.upload(user, "phone", 10);
        for (int i = 0; i < 50; i++) {
            ConsoleTest.upload(user, "tablet", 11 + i);
        }
        ConsoleBrowser browser = ConsoleBrowser.signIn(user);
        String page = browser.given().get("/").then().statusCode(200).extract().asString();
        assertEquals(50, count(page, "<tr data-backup-id="));
        assertTrue(page.contains("data-backup-count=\"52\""), "the badge counts every backup");
        Matcher more = Pattern.compile("hx-get=\"/backups/rows\\?before=([^\"]+)\"").matcher(page);
        assertTrue(more.find(), "no way to load older backups");

        String older = browser.htmx().get("/backups/rows?before=" + more.group(1)).then().statusCode(200).extract()
                .asString();
        assertEquals(2, count(older, "<tr data-backup-id="));
        assertTrue(older.contains("data-backup-id=\"" + shrunk + "\""), older);
        assertTrue(older.contains(">shrunk</span>"), "the shrunk warning is not shown: " + older);
        assertTrue(!older.contains("before="), "a last page offers no more");
    }

    /** Random bodies, types and tokens at every console endpoint: never a 5xx, and a refusal is never a page. */
    @Test
    void no_input_to_the_console_gets_a_5xx() throws Exception {
        TestUsers.Session user = TestUsers.register();
        String id = ConsoleTest.upload(user, "phone", 10);
        ConsoleBrowser browser = ConsoleBrowser.signIn(user);
        Random random = new Random(20261202);
        String[][] endpoints = { { "GET", "/" }, { "GET", "/backups/rows" }, { "GET", "/backups/rows/newer" },
                { "POST", "/backups" }, { "POST", "/backups/{id}/pin" }, { "POST", "/backups/{id}/unpin" },
                { "POST", "/backups/{id}/label" }, { "DELETE", "/backups/{id}" }, { "GET", "/backups/{id}/download" },
                { "GET", "/devices" }, { "GET", "/api-keys" }, { "POST", "/api-keys" }, { "DELETE", "/api-keys/{id}" },
                { "GET", "/account" }, { "POST", "/account/delete" }, { "GET", "/signin" }, { "POST", "/signin" } };
        String[] values = { "%00", "%C0%AF", "%ED%A0%80", "a%25ZZ", "1e9", "-1", "x".repeat(5000), "", "%2F..%2F",
                "%3Cscript%3E", "MTIz", "ok" };
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String[] endpoint = endpoints[random.nextInt(endpoints.length)];
            String path = endpoint[1].replace("{id}", random.nextBoolean() ? id : values[random.nextInt(values.length)]);
            String query = "?" + pick(random, "before", "after", "notice", "label") + "="
                    + values[random.nextInt(values.length)];
            byte[] body = null;
            String type = null;
            if (!endpoint[0].equals("GET")) {
                String field = pick(random, "label", "name", "email", "password", "csrf", "confirmEmail", "file");
                type = pick(random, FORM, "multipart/form-data; boundary=xyz", "text/plain", "application/json");
                body = bytes(field + "=" + values[random.nextInt(values.length)]);
            }
            HttpResponse<String> answer;
            try {
                answer = send(random.nextInt(4) == 0 ? null : browser, endpoint[0], path + query, type, body);
            } catch (java.io.IOException e) {
                failures.add(endpoint[0] + " " + path + query + " as " + type + " -> no answer (" + e.getMessage()
                        + ")");
                continue;
            }
            if (answer.statusCode() >= 500) {
                failures.add(endpoint[0] + " " + path + query + " -> " + answer.statusCode() + " " + answer.body());
            }
        }
        assertEquals(List.of(), failures);
        user.given().get("/api/v1/me").then().statusCode(200);
    }

    /** A raw request as a signed-in htmx page sends it (or an anonymous one), body bytes exactly as given. */
    private static HttpResponse<String> send(ConsoleBrowser browser, String method, String path, String type,
            byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (browser != null) {
            request.header("Cookie", ConsoleSession.SESSION + "=" + browser.session())
                    .header("X-CSRF-Token", browser.csrf()).header("HX-Request", "true");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

}
