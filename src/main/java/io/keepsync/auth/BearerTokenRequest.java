package io.keepsync.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The token of an {@code Authorization: Bearer} header: an access JWT or a device API key. */
public class BearerTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public BearerTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
