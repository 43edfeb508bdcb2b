package io.keepsync.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's account. */
@Path("/api/v1/me")
@Tag(name = "Auth")
@RolesAllowed(BearerIdentityProvider.ROLE)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser currentUser;

    @GET
    @Operation(summary = "Who am I")
    public Me me() {
        return accounts.me(currentUser.id());
    }

    @DELETE
    @Operation(summary = "Delete my account", description = "Removes the user, their sync data and their backups "
            + "(rows and files). Their tokens and API keys stop working at once.")
    @APIResponse(responseCode = "204", description = "The account and everything it owned are gone")
    public Response delete() {
        accounts.delete(currentUser.id());
        return Response.noContent().build();
    }
}
