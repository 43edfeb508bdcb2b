package io.keepsync.auth;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

/** Password hashing with bcrypt; passwords longer than bcrypt's 72 bytes are pre-hashed, not truncated. */
@ApplicationScoped
public class Passwords {

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;

    /** Verified against when the email is unknown, so both failures take the same time. */
    private volatile String decoy;

    @Inject
    AuthConfig config;

    public String hash(String password) {
        return BCrypt.with(VERSION, LongPasswordStrategies.hashSha512(VERSION))
                .hashToString(config.bcryptCost(), password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION))
                .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Spends the same time as {@link #matches} on a hash that matches nothing. */
    public void burn(String password) {
        if (decoy == null) {
            decoy = hash(Secrets.random(""));
        }
        matches(password, decoy);
    }
}
