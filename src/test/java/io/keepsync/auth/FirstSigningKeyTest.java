package io.keepsync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A fresh database (its own test application): replicas starting together end up with one signing key. */
@QuarkusTest
@TestProfile(FirstSigningKeyTest.FreshDatabase.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FirstSigningKeyTest {

    /** A profile of its own, hence an application and an embedded database of its own. */
    public static class FreshDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    @Inject
    SigningKeys keys;

    @Test
    void concurrent_first_starts_end_up_with_one_signing_key() throws Exception {
        assertEquals(0, storedKeys(), "something signed a token before the test");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(() -> keys.stored().signing().kid());
            }
            Set<String> seen = new HashSet<>();
            for (Future<String> result : pool.invokeAll(starts)) {
                seen.add(result.get());
            }
            assertEquals(1, seen.size(), "replicas ended up with different signing keys");
            assertEquals(1, storedKeys());
        } finally {
            pool.shutdownNow();
        }
    }

    private static int storedKeys() throws Exception {
        try (Connection connection = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
                ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM signing_keys")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
