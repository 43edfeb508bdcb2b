package io.keepsync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Without the per-address limit (here off, as for an attack from many addresses), every failed login is hashed: the
 * hashing must still leave the database pool and the request workers to everyone else. And an email's lockout holds
 * against guesses sent in parallel.
 */
@QuarkusTest
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PasswordHashingTest {

    @Test
    void four_hundred_failed_logins_in_parallel_slow_no_one_elses_pulls() throws Exception {
        List<Integer> statuses = LoginFloodTest.floodBesidePulls(400, 40, null);
        assertTrue(statuses.stream().allMatch(status -> status == 401 || status == 429), statuses.toString());
    }

    @Test
    void parallel_wrong_passwords_for_one_email_get_no_more_tries_than_the_limit() throws Exception {
        Session victim = TestUsers.register();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<Integer>> guesses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String guess = "wrong guess number " + i;
                guesses.add(pool.submit(() -> RestAssured.given().contentType(ContentType.JSON)
                        .body(Map.of("email", victim.email(), "password", guess)).post("/api/v1/auth/login")
                        .statusCode()));
            }
            int tried = 0;
            int locked = 0;
            for (Future<Integer> guess : guesses) {
                int status = guess.get();
                if (status == 401) {
                    tried++;
                } else if (status == 429) {
                    locked++;
                }
            }
            assertEquals(5, tried, "guesses whose password was checked");
            assertEquals(35, locked);
        } finally {
            pool.shutdownNow();
        }
        RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", victim.email(), "password", TestUsers.PASSWORD)).post("/api/v1/auth/login")
                .then().statusCode(429);
    }
}
