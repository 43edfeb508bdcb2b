package io.keepsync.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

/** The signed-in user's account. */
@Path("/api/v1/me")
@Tag(name = "Auth")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser currentUser;

    @GET
    @RolesAllowed({ Roles.ACCOUNT, Roles.SYNC, Roles.BACKUP_READ })
    @Operation(summary = "Who am I")
    public Me me() {
        return accounts.me(currentUser.id());
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ACCOUNT)
    @Operation(summary = "Change my password", description = "Ends every other session of the account (other sign-ins' "
            + "refresh and access tokens, console sessions); the one that asks stays signed in. Limited per client "
            + "address like login, and a wrong current password counts towards the email's lockout.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "The current password is wrong, or the new one is too short")
    @APIResponse(responseCode = "403", description = "insufficient-scope: a device API key cannot change the password")
    @APIResponse(responseCode = "429", description = "rate-limited or too-many-attempts; see Retry-After")
    public Uni<Response> changePassword(@Valid @NotNull PasswordChange body) {
        Caller caller = currentUser.caller();
        return accounts.changePassword(caller.userId(), caller.sessionId(), null, body)
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/sign-out-everywhere")
    @RolesAllowed(Roles.ACCOUNT)
    @Operation(summary = "End every session of my account", description = "Every sign-in (refresh and access tokens) "
            + "and console session ends at once, this one included; device API keys stay.")
    @APIResponse(responseCode = "204", description = "Signed out everywhere")
    public Response signOutEverywhere() {
        accounts.signOutEverywhere(currentUser.id());
        return Response.noContent().build();
    }

    @DELETE
    @RolesAllowed(Roles.ACCOUNT)
    @Operation(summary = "Delete my account", description = "Removes the user, their sync data and their backups "
            + "(rows and files). Their tokens and API keys stop working at once.")
    @APIResponse(responseCode = "204", description = "The account and everything it owned are gone")
    public Response delete() {
        accounts.delete(currentUser.id());
        return Response.noContent().build();
    }
}
