package io.keepsync.auth;

import java.security.SecureRandom;
import java.util.Base64;

import io.keepsync.common.encoding.Sha256;

/** Random bearer secrets (refresh tokens, API keys) and the hashes they are stored as. */
final class Secrets {

    private Secrets() {
    }

    /** 32 random bytes, URL-safe base64 without padding, behind the given prefix. */
    static String random(String prefix) {
        byte[] bytes = new byte[32];
        // Created per call, never held in a static: a generator seeded while the native image is built would be
        // frozen into the image and hand every instance the same secrets.
        new SecureRandom().nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 is enough for secrets with 256 bits of entropy; slow hashes are for passwords. */
    static String hash(String secret) {
        return Sha256.hex(secret);
    }
}
