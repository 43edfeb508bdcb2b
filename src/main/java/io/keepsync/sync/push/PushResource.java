package io.keepsync.sync.push;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.keepsync.auth.CurrentUser;
import io.keepsync.auth.Roles;

/** Devices push their changes here. */
@Path("/api/v1/sync/push")
@Tag(name = "Sync", description = "Push local changes, pull remote ones; last write wins. An API key needs the sync "
        + "scope (403 insufficient-scope otherwise).")
@RolesAllowed(Roles.SYNC)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class PushResource {

    @Inject
    PushService pushes;

    @Inject
    CurrentUser currentUser;

    @Inject
    PushBodyReader reader;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Push a batch of changes", description = "One transaction per request. Each change is "
            + "applied iff its (lastModifiedAt, clientId) is greater than the stored pair, else it is 'stale'. "
            + "A repeated mutation id is 'duplicate'; an invalid change is 'rejected' while the others apply.")
    @APIResponse(responseCode = "200", description = "Per-change results")
    @APIResponse(responseCode = "400", description = "Malformed request: bad JSON, no clientId, no changes array")
    @APIResponse(responseCode = "413", description = "More than keepsync.sync.max-batch changes, or a body over "
            + "keepsync.http.max-json-body")
    @APIResponse(responseCode = "503", description = "Database unavailable; nothing was applied, retry")
    @RequestBody(content = @Content(schema = @Schema(implementation = PushRequest.class)))
    public PushResponse push(byte[] body) {
        return pushes.push(currentUser.id(), reader.parse(body));
    }
}
