package io.keepsync.auth;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.keepsync.common.error.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/** The id of the user the current request is authenticated as; every resource scopes its data by it. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public UUID id() {
        if (identity.isAnonymous()) {
            throw ProblemException.unauthorized();
        }
        return UUID.fromString(identity.getPrincipal().getName());
    }
}
