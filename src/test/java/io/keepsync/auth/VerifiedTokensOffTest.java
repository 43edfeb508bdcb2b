package io.keepsync.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.TestUsers;
import io.keepsync.TestUsers.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(VerifiedTokensOffTest.Off.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class VerifiedTokensOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.jwt.verified-token-cache-size", "0");
        }
    }

    @Inject
    SigningKeys keys;

    @Inject
    VerifiedTokens verified;

    @Test
    void with_a_cache_size_of_0_no_token_is_remembered_and_every_request_is_verified() {
        Session session = TestUsers.register();
        session.given().get("/api/v1/me").then().statusCode(200);
        session.given().get("/api/v1/me").then().statusCode(200);
        assertTrue(verified.lookup(session.accessToken(), keys.signing().publicKey()).isEmpty());
    }
}
