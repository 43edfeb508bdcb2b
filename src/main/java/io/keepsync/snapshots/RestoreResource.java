package io.keepsync.snapshots;

import java.util.UUID;

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

import com.fasterxml.jackson.databind.JsonNode;

import io.keepsync.auth.CurrentUser;
import io.keepsync.auth.Roles;
import io.keepsync.common.error.ProblemException;

/** Rolls the caller's synced records back to a server snapshot. */
@Path("/api/v1/sync/restore")
@Tag(name = "Sync")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {

    @Inject
    Restores restores;

    @Inject
    CurrentUser currentUser;

    /** The request body, for the OpenAPI document. */
    @Schema(name = "RestoreRequest")
    record RestoreRequest(
            @Schema(required = true, description = "A server snapshot of mine (source: server)") UUID backupId,
            @Schema(description = "Only count what would change (default false)") boolean dryRun) {
    }

    @POST
    @RolesAllowed(Roles.ACCOUNT)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore my synced records to a server snapshot", description = "In one transaction under "
            + "my push lock: snapshots the current state first (pinned; undoBackupId restores it back), then writes "
            + "the snapshot's state as new changes of every record that differs (clientId keepsync-restore, "
            + "lastModifiedAt the later of now and the stored one plus 1 ms, a new version); records the snapshot "
            + "lacks become tombstones; equal records are left alone. Devices get the result by pulling. dryRun "
            + "answers the counts and changes nothing. Takes an access token or a console session: a device API key "
            + "(the thing a restore may be undoing) gets 403 insufficient-scope.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreRequest.class)))
    @APIResponse(responseCode = "200", description = "Restored (or, with dryRun, what would change)")
    @APIResponse(responseCode = "400", description = "validation: backupId missing or not a UUID, dryRun not a boolean")
    @APIResponse(responseCode = "403", description = "insufficient-scope: a device API key")
    @APIResponse(responseCode = "404", description = "No such backup among mine")
    @APIResponse(responseCode = "409", description = "restore-in-progress: another restore of this account is running")
    @APIResponse(responseCode = "422", description = "not-a-server-snapshot: an uploaded database; corrupt-snapshot: "
            + "a damaged backup")
    @APIResponse(responseCode = "507", description = "The undo snapshot would exceed the quota")
    public RestoreResult restore(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object with backupId and, optionally, dryRun");
        }
        JsonNode id = body.get("backupId");
        if (id == null || !id.isTextual()) {
            throw ProblemException.invalid("backupId", "must be the id of a server snapshot");
        }
        UUID backupId = uuid(id.textValue());
        JsonNode dryRun = body.get("dryRun");
        if (dryRun != null && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw ProblemException.invalid("dryRun", "must be true or false");
        }
        return restores.restore(currentUser.id(), backupId, dryRun != null && dryRun.booleanValue());
    }

    /** A UUID in its canonical form only: {@code UUID.fromString} also takes shortened groups. */
    private static UUID uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            if (id.toString().equalsIgnoreCase(text)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw ProblemException.invalid("backupId", "must be the id of a server snapshot (a UUID)");
    }
}
