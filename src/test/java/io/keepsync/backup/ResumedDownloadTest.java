package io.keepsync.backup;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;

/** Resuming a download must never stitch two files together, and validators follow RFC 9110. */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResumedDownloadTest {

    private static String etagOf(Session session, Path file) {
        return "\"" + BackupTest.upload(session, file).then().statusCode(201).extract().path("sha256") + "\"";
    }

    @Test
    void a_resumed_latest_download_after_a_newer_upload_gets_the_whole_new_file() throws Exception {
        Session session = TestUsers.register();
        Path first = SnapshotFiles.create(20);
        String firstTag = etagOf(session, first);
        byte[] head = session.given().header("Range", "bytes=0-99").header("If-Range", firstTag)
                .get("/api/v1/backups/latest/content").then().statusCode(206).header("ETag", firstTag)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOf(Files.readAllBytes(first), 100), head);

        Path second = SnapshotFiles.create(40);
        String secondTag = etagOf(session, second);
        byte[] whole = session.given().header("Range", "bytes=100-").header("If-Range", firstTag)
                .get("/api/v1/backups/latest/content").then().statusCode(200).header("ETag", secondTag)
                .header("Content-Length", String.valueOf(Files.size(second))).extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(second), whole);

        for (String notStrong : List.of("W/" + secondTag, "Wed, 21 Oct 2026 07:28:00 GMT")) {
            session.given().header("Range", "bytes=100-").header("If-Range", notStrong)
                    .get("/api/v1/backups/latest/content").then().statusCode(200);
        }
        session.given().header("Range", "bytes=100-199").header("If-Range", secondTag)
                .get("/api/v1/backups/latest/content").then().statusCode(206)
                .header("Content-Range", "bytes 100-199/" + Files.size(second));
    }

    @Test
    void if_none_match_takes_a_list_of_tags_weak_or_strong_and_a_star() throws Exception {
        Session session = TestUsers.register();
        String tag = etagOf(session, SnapshotFiles.create(21));
        for (String matching : List.of(tag, "\"other\", " + tag, "W/" + tag, "*", " \"a\",W/" + tag + " ")) {
            session.given().header("If-None-Match", matching).get("/api/v1/backups/latest/content").then()
                    .statusCode(304).header("ETag", equalTo(tag));
        }
        for (String other : List.of("\"other\"", "\"x\" " + tag, tag.replace("\"", ""), "\"" + tag + "\"")) {
            session.given().header("If-None-Match", other).get("/api/v1/backups/latest/content").then()
                    .statusCode(200);
        }
    }
}
