package io.keepsync.backup;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.keepsync.auth.Roles;
import io.keepsync.backup.BackupResource.UploadHeaders;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** {@code POST /api/backup}: the upload path existing mobile clients already call; the same as the v1 upload. */
@Path("/api/backup")
@Tag(name = "Backups")
@RolesAllowed(Roles.BACKUP)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class LegacyBackupResource {

    @Inject
    BackupResource v1;

    @POST
    @Consumes({ MediaType.APPLICATION_OCTET_STREAM, SqliteMedia.TYPE, SqliteMedia.X_TYPE })
    @Operation(summary = "Upload a snapshot (alias of POST /api/v1/backups)")
    public Uni<Response> upload(@Context HttpServerRequest http, @Context UriInfo uri, @BeanParam UploadHeaders headers) {
        return v1.upload(http, uri, headers);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a snapshot as a multipart 'file' part (alias of POST /api/v1/backups)")
    public Uni<Response> uploadForm(@Context HttpServerRequest http, @Context UriInfo uri,
            @BeanParam UploadHeaders headers) {
        return v1.uploadForm(http, uri, headers);
    }
}
