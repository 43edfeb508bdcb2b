package io.keepsync.sync.status;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.keepsync.auth.CurrentUser;
import io.keepsync.auth.Roles;

/** A device asks here where the user's sync stands. */
@Path("/api/v1/sync/status")
@Tag(name = "Sync")
@RolesAllowed(Roles.SYNC)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    @Inject
    StatusService statuses;

    @Inject
    CurrentUser currentUser;

    @GET
    @Operation(summary = "Head cursor, record counts per entity type, and devices")
    public SyncStatus status() {
        return statuses.status(currentUser.id());
    }
}
