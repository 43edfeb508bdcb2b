package io.keepsync.auth;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Device API keys for unattended clients such as a backup job on a phone. */
@Path("/api/v1/api-keys")
@Tag(name = "API keys", description = "Long-lived device credentials, sent as Authorization: Bearer ks_...; managed "
        + "with an access token or the console only")
@RolesAllowed(Roles.ACCOUNT)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    @Inject
    ApiKeyService apiKeys;

    @Inject
    CurrentUser currentUser;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key", description = "The key is in this answer only; it is stored as a hash. "
            + "It may do what its scopes say (sync: push, pull, status, events; backup: upload, list, read, download, "
            + "label, pin; backup:read: list, read, download), and never manages keys, passwords, sessions or the "
            + "account (403 insufficient-scope).")
    @APIResponse(responseCode = "201", description = "The new key, with its secret")
    @APIResponse(responseCode = "403", description = "insufficient-scope: a device API key cannot make keys")
    public RestResponse<ApiKeyCreated> create(@Valid @NotNull ApiKeyRequest body) {
        ApiKeyCreated created = apiKeys.create(currentUser.id(), body);
        return RestResponse.ResponseBuilder.<ApiKeyCreated> created(URI.create("/api/v1/api-keys/" + created.id()))
                .entity(created)
                .build();
    }

    @GET
    @Operation(summary = "List my API keys, without their secrets")
    public List<ApiKeyView> list() {
        return apiKeys.list(currentUser.id());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key; it stops working at once")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such key among mine")
    public Response delete(@PathParam("id") UUID id) {
        apiKeys.delete(currentUser.id(), id);
        return Response.noContent().build();
    }
}
