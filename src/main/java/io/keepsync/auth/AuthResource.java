package io.keepsync.auth;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** Registration, login, and the refresh-token session lifecycle. */
@Path("/api/v1/auth")
@Tag(name = "Auth", description = "Accounts and sessions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    AuthService auth;

    @Inject
    CurrentUser currentUser;

    @POST
    @Path("/register")
    @PermitAll
    @Operation(summary = "Create an account and start a session")
    @APIResponse(responseCode = "201", description = "Account created")
    @APIResponse(responseCode = "400", description = "Invalid email, or a password shorter than 10 characters")
    @APIResponse(responseCode = "403", description = "Registration is closed on this server")
    @APIResponse(responseCode = "409", description = "The email is already registered")
    @APIResponse(responseCode = "429", description = "rate-limited: too many requests from this address; see Retry-After")
    public Uni<RestResponse<TokenPair>> register(@Valid @NotNull Credentials body) {
        return auth.register(body).map(tokens -> RestResponse.ResponseBuilder.<TokenPair> created(URI.create("/api/v1/me"))
                .entity(tokens).build());
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Start a session with email and password")
    @APIResponse(responseCode = "200", description = "Signed in")
    @APIResponse(responseCode = "401", description = "Wrong email or password")
    @APIResponse(responseCode = "429", description = "too-many-attempts: too many failed logins for this email; "
            + "rate-limited: too many requests from this address; see Retry-After")
    public Uni<TokenPair> login(@Valid @NotNull Credentials body) {
        return auth.login(body);
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(summary = "Trade a refresh token for a new pair", description = "Refresh tokens are single use: "
            + "presenting a used one revokes the whole session and answers 401.")
    @APIResponse(responseCode = "200", description = "A new access token and refresh token")
    @APIResponse(responseCode = "401", description = "Unknown, expired, revoked or reused refresh token")
    @APIResponse(responseCode = "429", description = "rate-limited: too many requests from this address; see Retry-After")
    public TokenPair refresh(@Valid @NotNull RefreshRequest body) {
        return auth.refresh(body.refreshToken());
    }

    @POST
    @Path("/logout")
    @RolesAllowed(Roles.ACCOUNT)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "End the session the refresh token belongs to")
    @APIResponse(responseCode = "204", description = "The session is revoked")
    public Response logout(@Valid @NotNull RefreshRequest body) {
        auth.logout(currentUser.id(), body.refreshToken());
        return Response.noContent().build();
    }
}
