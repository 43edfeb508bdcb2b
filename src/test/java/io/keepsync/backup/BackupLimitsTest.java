package io.keepsync.backup;

import static io.keepsync.backup.BackupTest.PROBLEM;
import static io.keepsync.backup.BackupTest.filesOf;
import static io.keepsync.backup.BackupTest.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(BackupLimitsTest.SmallLimits.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackupLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.backup.max-size", "200000", "keepsync.backup.quota", "300000");
        }
    }

    @Test
    void a_snapshot_over_max_size_is_413_and_leaves_nothing() throws Exception {
        Session session = TestUsers.register();
        Path big = Snapshots.create(400, 1, false, 1000);
        upload(session, big).then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/payload-too-large"));
        session.given().contentType("application/octet-stream")
                .body(Files.newInputStream(big)).post("/api/v1/backups").then().statusCode(413);
        session.given().get("/api/v1/backups").then().body("items", hasSize(0));
        assertEquals(0, filesOf(session).size());
    }

    @Test
    void uploads_over_the_quota_are_507_and_leave_nothing() throws Exception {
        Session session = TestUsers.register();
        upload(session, Snapshots.create(100, 1, false, 1000)).then().statusCode(201);
        upload(session, Snapshots.create(101, 1, false, 1000)).then().statusCode(201);
        upload(session, Snapshots.create(102, 1, false, 1000)).then().statusCode(507).contentType(PROBLEM)
                .body("type", equalTo("https://keepsync.io/problems/quota-exceeded"));
        session.given().get("/api/v1/backups").then().body("items", hasSize(2));
        session.given().get("/api/v1/backups/summary").then().body("quotaBytes", equalTo(300000));
        assertEquals(2, filesOf(session).size());
    }
}
