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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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

    @Inject
    WebSessions sessions;

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
    @APIResponse(responseCode = "409", description = "external-account: the account signs in with the app's identity "
            + "provider and has no password here")
    @APIResponse(responseCode = "429", description = "rate-limited or too-many-attempts; see Retry-After")
    public Uni<Response> changePassword(@Valid @NotNull PasswordChange body) {
        Caller caller = currentUser.caller();
        return accounts.changePassword(caller.userId(), caller.sessionId(), null, body)
                .map(ignored -> Response.noContent().build());
    }

    /** A link that signs a browser into the console. */
    public record ConsoleLink(@Schema(description = "Open it in a browser within 5 minutes; it works once") String url) {
    }

    @POST
    @Path("/console-link")
    @RolesAllowed(Roles.ACCOUNT)
    @Operation(summary = "A link that signs a browser into the console", description = "Single use, valid "
            + WebSessions.LINK_MINUTES + " minutes: an app can open \"my backups on the web\" for a user who has no "
            + "Keepsync password (one who signs in with the app's identity provider) or who is signed in on the device "
            + "only. Takes an access token or a provider token; a device API key gets 403.")
    @APIResponse(responseCode = "200", description = "The link")
    @APIResponse(responseCode = "403", description = "insufficient-scope: a device API key")
    public ConsoleLink consoleLink(@Context UriInfo uri) {
        String secret = sessions.link(currentUser.id());
        return new ConsoleLink(uri.getBaseUriBuilder().path(WebSessions.LINK_PATH).queryParam("token", secret).build()
                .toString());
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
