package io.keepsync.snapshots;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.keepsync.auth.CurrentUser;
import io.keepsync.auth.Roles;
import io.keepsync.backup.catalog.BackupView;

/** "Backup now": the server snapshots the caller's synced records into a backup. */
@Path("/api/v1/backups/snapshot")
@Tag(name = "Backups")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotResource {

    @Inject
    ServerSnapshots snapshots;

    @Inject
    CurrentUser currentUser;

    @POST
    @RolesAllowed(Roles.BACKUP)
    @Operation(summary = "Back up now: a server snapshot of my synced records", description = "Writes every record "
            + "(tombstones included), as of one consistent read, into a SQLite database in the documented layout "
            + "(a records table, a snapshot table with the cursor, a view per entity type; docs/backups.md) and stores "
            + "it like an upload: verified, listed, retained (as the device \"server\"), downloadable, announced as a "
            + "live backup event. Pulling from its cursor yields exactly the changes it lacks. No body.")
    @APIResponse(responseCode = "201", description = "Stored and verified; source is server, with recordCount and cursor")
    @APIResponse(responseCode = "403", description = "insufficient-scope: an API key without the backup scope")
    @APIResponse(responseCode = "507", description = "Over the user's quota")
    public RestResponse<BackupView> take() {
        BackupView view = BackupView.from(snapshots.take(currentUser.id(), ServerSnapshots.Trigger.manual, null));
        return RestResponse.ResponseBuilder.<BackupView> created(URI.create("/api/v1/backups/" + view.id())).entity(view)
                .build();
    }
}
