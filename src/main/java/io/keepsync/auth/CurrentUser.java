package io.keepsync.auth;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/** The caller the current request is authenticated as; every resource scopes its data by its user. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public UUID id() {
        return caller().userId();
    }

    public Caller caller() {
        Caller caller = identity.isAnonymous() ? null : identity.getAttribute(BearerIdentityProvider.CALLER);
        if (caller == null) {
            throw ProblemException.unauthorized();
        }
        return caller;
    }
}
