package io.keepsync.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import io.keepsync.auth.TestProvider;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The reference clients' scenarios once more, signed in with a token of the app's identity provider (played by the
 * test) handed to the clients through their token provider callbacks, against the packaged service configured for
 * that provider.
 */
@QuarkusIntegrationTest
@TestProfile(TestProvider.Profile.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProviderClientsIT {

    private static TestProvider provider;

    @BeforeAll
    static void startProvider() throws Exception {
        provider = new TestProvider();
    }

    @AfterAll
    static void stopProvider() throws Exception {
        provider.close();
    }

    private static Map<String, String> providerToken(String subject) throws Exception {
        return Map.of("KEEPSYNC_PROVIDER_TOKEN",
                TestProvider.sign(TestProvider.claims(subject, subject + "@example.com"), provider.rsa));
    }

    @Test
    void the_javascript_client_runs_its_scenario_with_a_provider_token() throws Exception {
        String output = ReferenceClientsIT.run(ReferenceClientsIT.CLIENTS.resolve("js"),
                List.of("node", "scenario.js", ReferenceClientsIT.base()), 5, providerToken("js-" + UUID.randomUUID()));
        assertTrue(output.contains("ok a provider token signs in: " + TestProvider.ISSUER), output);
        assertTrue(output.contains("reference client scenario passed"), output);
    }

    @Test
    void the_python_client_runs_its_scenario_with_a_provider_token() throws Exception {
        String output = ReferenceClientsIT.run(ReferenceClientsIT.CLIENTS.resolve("python"),
                List.of("python3", "scenario.py", ReferenceClientsIT.base()), 5, providerToken("py-" + UUID.randomUUID()));
        assertTrue(output.contains("ok a provider token signs in: " + TestProvider.ISSUER), output);
        assertTrue(output.contains("reference client scenario passed"), output);
    }
}
