package io.keepsync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

@QuarkusTest
@TestProfile(IdleTimeoutTest.ShortIdleTimeout.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdleTimeoutTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("keepsync.http.idle-timeout", "PT2S");
        }
    }

    @Test
    void a_connection_that_sent_half_its_headers_and_went_silent_is_closed() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write("GET /q/health/live HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Well past the idle timeout, the server has closed its end: the read ends instead of waiting on.
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            in.readAllBytes();
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertEquals(true, seconds < 15, "the connection stayed open for " + seconds + " s");
        }
    }
}
