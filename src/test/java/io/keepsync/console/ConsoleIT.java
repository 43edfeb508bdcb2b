package io.keepsync.console;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.keepsync.TestUsers;
import io.keepsync.backup.SnapshotFiles;
import io.keepsync.sync.SyncApi;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The web console in a real browser against the packaged service, through the hooks a person uses: labels, roles
 * and SPEC's data attributes. Every test leaves a screenshot in target/console-screenshots/.
 */
@QuarkusIntegrationTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConsoleIT {

    private static final String MARKER = "window.keepsyncMarker";

    private Browser browser;
    private String testName;

    private Browser browser(int width, int height, TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        browser = new Browser("http://localhost:" + RestAssured.port, width, height);
        return browser;
    }

    private Browser signedIn(TestUsers.Session user, TestInfo info) {
        Browser b = browser(1280, 900, info);
        b.signIn(user.email(), TestUsers.PASSWORD);
        b.await(d -> d.findElements(By.cssSelector("[data-backup-count]")).size() == 1);
        return b;
    }

    @AfterEach
    void screenshotAndClose() throws Exception {
        if (browser != null) {
            browser.screenshot(testName);
            browser.close();
        }
    }

    @Test
    void a_wrong_password_is_refused_with_an_alert_and_the_right_one_opens_the_backups_page(TestInfo info)
            throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = browser(1280, 900, info);
        b.signIn(user.email(), "not the password");
        // The form posts and the browser loads the answer: wait for that page, not the one the click left.
        WebElement refused = b.await(d -> d.findElements(By.cssSelector("[role=alert]")).stream().findFirst().orElse(null));
        assertTrue(refused.getText().contains("The email or the password is wrong"));
        assertTrue(b.driver.getCurrentUrl().endsWith("/signin"));
        b.screenshot(testName + "-refused");

        b.signIn(user.email(), TestUsers.PASSWORD);
        b.await(d -> d.findElements(By.cssSelector("[data-backup-count]")).size() == 1);
        assertEquals("0", b.find("[data-backup-count]").getAttribute("data-backup-count"));
        assertEquals("", b.find("[data-last-backup]").getAttribute("data-last-backup"));
    }

    @Test
    void an_upload_shows_its_progress_to_100_percent_and_its_row_appears_without_a_reload(TestInfo info)
            throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        b.script(MARKER + " = 'same page';");
        Path snapshot = SnapshotFiles.create(20_000, 1024);

        b.find("input[type=file][name=file]").sendKeys(snapshot.toAbsolutePath().toString());
        b.find("#upload-submit").click();

        WebElement row = b.await(d -> d.findElements(By.cssSelector("tr[data-backup-id]")).stream().findFirst()
                .orElse(null));
        String id = row.getAttribute("data-backup-id");
        assertEquals("100", b.find("#upload-progress").getAttribute("value"));
        assertEquals("100 %", b.find("#upload-percent").getText());
        WebElement toast = b.await(d -> d.findElement(By.cssSelector("#toasts [role=status]")));
        assertTrue(toast.getText().contains(snapshot.getFileName().toString()), toast.getText());
        b.await(d -> "1".equals(d.findElement(By.cssSelector("[data-backup-count]")).getAttribute("data-backup-count")));
        assertEquals(id, b.find("[data-last-backup]").getAttribute("data-last-backup"));
        assertEquals("same page", b.script("return " + MARKER + ";"));
        assertEquals(1, b.driver.findElements(By.cssSelector("tr[data-backup-id]")).size());
        assertEquals(List.of(), b.policyViolations());
        user.given().get("/api/v1/backups/" + id).then().statusCode(200)
                .body("sizeBytes", equalTo((int) Files.size(snapshot)));
    }

    @Test
    void a_slow_upload_shows_progress_on_the_way_and_cancel_leaves_nothing_behind(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        b.throttleUploads(256 * 1024);
        Path snapshot = SnapshotFiles.create(8_000, 1024);

        b.find("input[type=file][name=file]").sendKeys(snapshot.toAbsolutePath().toString());
        b.find("#upload-submit").click();
        b.await(d -> {
            int percent = Integer.parseInt(d.findElement(By.cssSelector("#upload-progress")).getAttribute("value"));
            return percent > 0 && percent < 100;
        });
        assertTrue(b.find("#upload-cancel").isDisplayed());
        b.screenshot(testName + "-under-way");
        b.find("#upload-cancel").click();

        b.await(d -> d.findElement(By.cssSelector("#upload-percent")).getText().equals("Cancelled"));
        assertFalse(b.find("#upload-cancel").isDisplayed());
        assertTrue(b.driver.findElements(By.cssSelector("tr[data-backup-id]")).isEmpty());
        user.given().get("/api/v1/backups").then().statusCode(200).body("items.size()", equalTo(0));
        b.await(d -> {
            try {
                return SnapshotFiles.staged().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void an_upload_without_progress_for_a_minute_shows_a_warning(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        // The browser's own request interception holds the upload before a byte leaves: a connection that hangs.
        b.holdRequests("*/backups");
        b.find("input[type=file][name=file]").sendKeys(SnapshotFiles.create(100).toAbsolutePath().toString());
        b.find("#upload-submit").click();
        b.await(d -> d.findElement(By.cssSelector("#upload-status")).isDisplayed());
        assertFalse(b.find("#upload-stalled").isDisplayed());
        b.awaitLong(d -> d.findElement(By.cssSelector("#upload-stalled")).isDisplayed());
        b.screenshot(testName + "-stalled");
        b.find("#upload-cancel").click();
        b.await(d -> !d.findElement(By.cssSelector("#upload-stalled")).isDisplayed());
        assertEquals("Cancelled", b.find("#upload-percent").getText());
        user.given().get("/api/v1/backups").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void a_corrupt_file_shows_the_problem_detail_in_an_alert_toast_and_adds_no_row(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        Path corrupt = SnapshotFiles.corrupt(SnapshotFiles.create(2_000));

        b.find("input[type=file][name=file]").sendKeys(corrupt.toAbsolutePath().toString());
        b.find("#upload-submit").click();

        WebElement alert = b.await(d -> d.findElement(By.cssSelector("#toasts [role=alert]")));
        String detail = user.given().contentType("application/vnd.sqlite3").body(Files.readAllBytes(corrupt))
                .post("/api/v1/backups").then().statusCode(422).extract().path("detail");
        assertEquals(detail.strip(), alert.getText().strip());
        assertTrue(b.driver.findElements(By.cssSelector("tr[data-backup-id]")).isEmpty());
        assertEquals("0", b.find("[data-backup-count]").getAttribute("data-backup-count"));
        user.given().get("/api/v1/backups").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void pin_label_and_delete_act_in_place(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        String older = ConsoleTest.upload(user, null, 10);
        String newer = ConsoleTest.upload(user, null, 20);
        Browser b = signedIn(user, info);
        b.script(MARKER + " = 'same page';");
        String row = "tr[data-backup-id='" + newer + "'] ";

        b.find(row + "button[aria-label^='Pin']").click();
        b.await(d -> d.findElements(By.cssSelector(row + "button[aria-label^='Unpin']")).size() == 1);
        assertTrue(b.find("#toasts [role=status]").getText().contains("is pinned"));
        user.given().get("/api/v1/backups/" + newer).then().body("pinned", equalTo(true));

        b.find(row + "details.label-editor summary").click();
        WebElement label = b.find(row + "input[name=label]");
        label.clear();
        label.sendKeys("before the migration");
        b.find(row + "form button[type=submit]").click();
        b.await(d -> d.findElement(By.cssSelector(row + ".backup-label")).getText().equals("before the migration"));
        user.given().get("/api/v1/backups/" + newer).then().body("label", equalTo("before the migration"));

        b.find("tr[data-backup-id='" + older + "'] button[aria-label^='Delete']").click();
        b.await(ExpectedConditions.alertIsPresent()).accept();
        b.await(d -> d.findElements(By.cssSelector("tr[data-backup-id='" + older + "']")).isEmpty());
        b.await(d -> "1".equals(d.findElement(By.cssSelector("[data-backup-count]")).getAttribute("data-backup-count")));
        user.given().get("/api/v1/backups/" + older).then().statusCode(404);
        assertEquals("same page", b.script("return " + MARKER + ";"));
    }

    @Test
    void backup_now_adds_the_server_snapshot_in_place_and_restore_rolls_a_devices_damage_back(TestInfo info)
            throws Exception {
        TestUsers.Session user = TestUsers.register();
        String t = java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        SyncApi.push(user, "phone", List.of(SyncApi.upsert("a", t, 1), SyncApi.upsert("b", t, 1), SyncApi.upsert("c", t, 1)))
                .then().statusCode(200);
        Browser b = signedIn(user, info);
        b.script(MARKER + " = 'same page';");

        b.find("[data-action=backup-now]").click();
        WebElement row = b.await(d -> d.findElements(By.cssSelector("tr[data-backup-id]")).stream().findFirst()
                .orElse(null));
        String id = row.getAttribute("data-backup-id");
        String filename = user.given().get("/api/v1/backups/" + id).then().statusCode(200)
                .body("source", equalTo("server")).body("recordCount", equalTo(3)).extract().path("filename");
        WebElement toast = b.await(d -> d.findElement(By.cssSelector("#toasts [role=status]")));
        assertTrue(toast.getText().contains(filename), toast.getText());
        b.await(d -> "1".equals(d.findElement(By.cssSelector("[data-backup-count]")).getAttribute("data-backup-count")));
        assertEquals(id, b.find("[data-last-backup]").getAttribute("data-last-backup"));
        assertTrue(b.find("[data-action=backup-now]").findElements(By.xpath("ancestor::form")).isEmpty());

        // A device deletes two records and adds one; the restore's confirmation counts what it will undo.
        String later = java.time.Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        SyncApi.push(user, "stolen-phone", List.of(SyncApi.change("workout", "a", "delete", null, later),
                SyncApi.change("workout", "b", "delete", null, later), SyncApi.upsert("d", later, 2)))
                .then().statusCode(200);
        b.find("tr[data-backup-id='" + id + "'] [data-action=restore]").click();
        WebElement confirm = b.await(d -> d.findElement(By.cssSelector("[data-restore-confirm]")));
        assertEquals("2", confirm.findElement(By.cssSelector("[data-restore-restored]")).getAttribute("data-restore-restored"));
        assertEquals("1", confirm.findElement(By.cssSelector("[data-restore-deleted]")).getAttribute("data-restore-deleted"));
        assertEquals("1",
                confirm.findElement(By.cssSelector("[data-restore-unchanged]")).getAttribute("data-restore-unchanged"));
        b.screenshot(testName + "-confirm");

        confirm.findElement(By.cssSelector("[data-action=confirm-restore]")).click();
        b.await(d -> d.findElements(By.cssSelector("#toasts [role=status]")).stream()
                .anyMatch(e -> e.getText().contains("Restored: 2 records brought back, 1 deleted")));
        b.await(d -> d.findElements(By.cssSelector("[data-restore-confirm]")).isEmpty());
        // The state before the restore is kept as a pinned server snapshot, and its row appears too.
        b.await(d -> "2".equals(d.findElement(By.cssSelector("[data-backup-count]")).getAttribute("data-backup-count")));
        List<Map<String, Object>> records = SyncApi.pullAll(user, 100);
        assertEquals(List.of("a:upsert", "b:upsert", "c:upsert", "d:delete"), records.stream()
                .map(c -> c.get("entityId") + ":" + c.get("action")).sorted().toList());
        assertEquals("same page", b.script("return " + MARKER + ";"));
        assertEquals(List.of(), b.policyViolations());
    }

    @Test
    void a_backup_a_device_uploads_through_the_api_appears_on_the_open_page(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        b.script(MARKER + " = 'same page';");
        // The page's event stream is open once the server has said so; give it the moment to connect.
        b.await(d -> Boolean.TRUE.equals(b.script("return document.querySelector('[sse-connect]') !== null;")));
        Thread.sleep(1_000);

        String id = ConsoleTest.upload(user, "pixel-7", 50);

        b.await(d -> d.findElements(By.cssSelector("tr[data-backup-id='" + id + "']")).size() == 1);
        b.await(d -> id.equals(d.findElement(By.cssSelector("[data-last-backup]")).getAttribute("data-last-backup")));
        assertEquals("1", b.find("[data-backup-count]").getAttribute("data-backup-count"));
        assertTrue(b.find("[data-last-backup]").getText().contains("pixel-7"));
        assertEquals("same page", b.script("return " + MARKER + ";"));
    }

    @Test
    void an_api_key_is_shown_once_with_a_copy_button_and_once_revoked_gets_401(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        b.open("/api-keys");
        b.find("input[name=name]").sendKeys("pixel-7");
        b.find("form button[type=submit]").click();
        WebElement shown = b.await(d -> d.findElement(By.cssSelector("#new-key input[readonly]")));
        String key = shown.getAttribute("value");
        assertTrue(key.startsWith("ks_"), key);
        b.find("#new-key [data-copy]").click();
        b.await(d -> d.findElement(By.cssSelector("#new-key [data-copy]")).getText().equals("Copied"));
        RestAssured.given().header("Authorization", "Bearer " + key).get("/api/v1/backups").then().statusCode(200);
        b.screenshot(testName + "-created");

        b.open("/api-keys");
        assertFalse(b.driver.getPageSource().contains(key), "the key is shown only once");
        WebElement keyRow = b.find("tr[data-key-id]");
        assertTrue(keyRow.getText().contains("pixel-7"));
        b.find("tr[data-key-id] button[aria-label^='Revoke']").click();
        b.await(ExpectedConditions.alertIsPresent()).accept();
        b.await(d -> d.findElements(By.cssSelector("tr[data-key-id]")).isEmpty());
        RestAssured.given().header("Authorization", "Bearer " + key).get("/api/v1/backups").then().statusCode(401);
    }

    @Test
    void a_label_with_markup_is_shown_as_text_and_runs_nothing(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        String markup = "<img src=x onerror=alert(1)>";
        String id = ConsoleTest.upload(user, null, 10);
        user.given().contentType(ContentType.JSON).body(Map.of("label", markup)).patch("/api/v1/backups/" + id)
                .then().statusCode(200);
        Browser b = signedIn(user, info);

        WebElement label = b.find("tr[data-backup-id='" + id + "'] .backup-label");
        assertEquals(markup, label.getText());
        assertTrue(b.driver.findElements(By.cssSelector("tr[data-backup-id] img")).isEmpty());
        assertEquals(markup, b.find("tr[data-backup-id='" + id + "'] input[name=label]").getAttribute("value"));
        assertFalse(ExpectedConditions.alertIsPresent().apply(b.driver) != null, "no script ran");
        assertEquals(List.of(), b.policyViolations());

        // Markup that did get in could not run a script either: the policy refuses inline scripts.
        b.script("const s = document.createElement('script'); s.textContent = 'window.injected = true;';"
                + "document.body.appendChild(s);");
        assertEquals(null, b.script("return window.injected;"));
        assertFalse(b.policyViolations().isEmpty(), "the refused inline script was not reported");
    }

    @Test
    void a_form_post_without_the_csrf_token_is_refused_and_changes_nothing(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        String id = ConsoleTest.upload(user, null, 10);
        Browser b = signedIn(user, info);

        // The browser sends its session cookie, as a forged same-site form would; only the token is missing.
        Object status = b.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/backups/' + arguments[0] + '/pin', {method: 'POST', credentials: 'same-origin'})"
                + ".then(r => done(r.status));", id);
        assertEquals(403L, status);
        user.given().get("/api/v1/backups/" + id).then().body("pinned", equalTo(false));

        b.script("const form = document.createElement('form'); form.method = 'post';"
                + "form.action = '/backups/' + arguments[0] + '/label';"
                + "const input = document.createElement('input'); input.name = 'label'; input.value = 'forged';"
                + "form.appendChild(input); document.body.appendChild(form); form.submit();", id);
        b.await(d -> d.getPageSource().contains("forbidden"));
        user.given().get("/api/v1/backups/" + id).then().body("label", equalTo(null));
    }

    @Test
    void nothing_scrolls_sideways_on_a_375_px_wide_screen(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        String id = ConsoleTest.upload(user, null, 10);
        user.given().contentType(ContentType.JSON)
                .body(Map.of("label", "a label long enough to wrap on a phone screen, several words over"))
                .patch("/api/v1/backups/" + id).then().statusCode(200);
        user.apiKey();
        Browser b = browser(375, 812, info);
        b.signIn(user.email(), TestUsers.PASSWORD);
        b.await(d -> d.findElements(By.cssSelector("tr[data-backup-id]")).size() == 1);
        for (String page : List.of("/", "/devices", "/api-keys", "/account", "/")) {
            b.open(page);
            b.await(d -> d.findElements(By.cssSelector("main")).size() == 1);
            long scrollWidth = (Long) b.script("return document.documentElement.scrollWidth;");
            long clientWidth = (Long) b.script("return document.documentElement.clientWidth;");
            assertTrue(scrollWidth <= clientWidth, page + ": " + scrollWidth + " > " + clientWidth);
            b.screenshot(testName + page.replace('/', '-'));
        }
        assertEquals(List.of(), b.policyViolations());
        assertTrue(b.find("tr[data-backup-id] button[aria-label^='Delete']").isDisplayed());
    }

    @Test
    void signing_out_ends_the_session(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        b.open("/account");
        b.driver.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        b.await(d -> d.getCurrentUrl().contains("/signin"));
        b.open("/");
        b.await(d -> d.getCurrentUrl().contains("/signin"));
        assertEquals(1, b.driver.findElements(By.cssSelector("input[name=password]")).size());
    }

    @Test
    void changing_the_password_keeps_this_browser_signed_in_and_signing_out_everywhere_ends_it(TestInfo info)
            throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        b.open("/account");
        b.find("#current-password").sendKeys(TestUsers.PASSWORD);
        b.find("#new-password").sendKeys("a brand new password");
        b.driver.findElement(By.xpath("//button[normalize-space()='Change password']")).click();
        WebElement toast = b.await(d -> d.findElement(By.cssSelector("#toasts [role=status]")));
        assertTrue(toast.getText().contains("password is changed"), toast.getText());
        b.screenshot(testName + "-password-changed");
        // Other sessions ended (the API's), this browser's did not.
        user.given().get("/api/v1/me").then().statusCode(401);
        b.open("/account");
        assertEquals(1, b.driver.findElements(By.cssSelector("#account-email")).size());

        b.driver.findElement(By.cssSelector("[data-action=sign-out-everywhere]")).click();
        b.await(d -> d.getCurrentUrl().contains("/signin"));
        assertTrue(b.find("[role=status]").getText().contains("signed out everywhere"));
        b.open("/");
        b.await(d -> d.getCurrentUrl().contains("/signin"));
    }

    @Test
    void the_devices_page_shows_each_device_and_the_records_per_entity_type(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        user.given().contentType(ContentType.JSON).body(Map.of("clientId", "pixel-7", "changes", List.of(Map.of(
                "id", "m-1", "entityType", "workout", "entityId", "w-1", "action", "create", "data",
                Map.of("name", "Legs"), "lastModifiedAt", "2026-11-20T10:00:00.000Z")))).post("/api/v1/sync/push")
                .then().statusCode(200);
        Browser b = signedIn(user, info);
        b.open("/devices");
        WebElement device = b.find("tr[data-client-id='pixel-7']");
        assertTrue(device.getText().contains("just now") || device.getText().contains("minute"), device.getText());
        assertTrue(device.getText().contains("never"), "pixel-7 has not pulled: " + device.getText());
        assertEquals("workout 1 0", b.find("tr[data-entity-type='workout']").getText());
    }

    @Test
    void the_account_is_deleted_only_after_its_email_is_typed(TestInfo info) throws Exception {
        TestUsers.Session user = TestUsers.register();
        Browser b = signedIn(user, info);
        b.open("/account");
        b.find("#confirm-email").sendKeys("someone-else@example.com");
        b.driver.findElement(By.xpath("//button[normalize-space()='Delete account']")).click();
        b.await(d -> d.findElement(By.cssSelector("#toasts [role=alert]")));
        user.given().get("/api/v1/me").then().statusCode(200);
        // The alert stays until closed, over the bottom of the page, as a person would close it.
        b.find("#toasts [role=alert] .btn-close").click();
        b.await(d -> d.findElements(By.cssSelector("#toasts [role=alert]")).stream().noneMatch(WebElement::isDisplayed));

        b.find("#confirm-email").clear();
        b.find("#confirm-email").sendKeys(user.email());
        b.driver.findElement(By.xpath("//button[normalize-space()='Delete account']")).click();
        b.await(d -> d.getCurrentUrl().contains("/signin"));
        user.given().get("/api/v1/me").then().statusCode(401);
    }

}
