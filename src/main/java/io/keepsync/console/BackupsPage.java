package io.keepsync.console;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.keepsync.backup.BackupPage;
import io.keepsync.backup.BackupPatch;
import io.keepsync.backup.Backups;
import io.keepsync.backup.DownloadResponses;
import io.keepsync.backup.SqliteMedia;
import io.keepsync.backup.UploadRoutes;
import io.keepsync.backup.catalog.Backup;
import io.keepsync.backup.catalog.BackupConfig;
import io.keepsync.backup.catalog.BackupView;
import io.keepsync.backup.upload.BackupUploads;
import io.keepsync.backup.upload.UploadRequest;
import io.keepsync.backup.upload.Uploaded;
import io.keepsync.common.http.PathIds;
import io.keepsync.common.http.StrictQuery;
import io.keepsync.common.paging.PageRequest;
import io.keepsync.common.text.Text;
import io.keepsync.snapshots.RestoreResult;
import io.keepsync.snapshots.Restores;
import io.keepsync.snapshots.ServerSnapshots;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The Backups page at {@code /} and what its controls call: rows are server-rendered fragments swapped in place by
 * htmx, and every change answers with the pieces it changed (the row, the summary, a toast).
 */
@Path("/")
@ConsolePage
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class BackupsPage {

    /** Lets the table fetch what is new: after an upload from this page, and on a live event from a device. */
    private static final String CHANGED = "backups-changed";

    /** Where the page's form uploads a file. */
    static final String UPLOAD_PATH = "/backups";

    @Inject
    ConsoleSession session;

    @Inject
    Backups backups;

    @Inject
    BackupUploads uploads;

    @Inject
    BackupConfig config;

    @Inject
    DownloadResponses downloads;

    @Inject
    ServerSnapshots snapshots;

    @Inject
    Restores restores;

    @GET
    @Operation(hidden = true)
    public Response page() {
        UUID user = session.userId();
        BackupPage first = backups.list(user, new PageRequest(Backups.DEFAULT_PAGE, null));
        String newest = first.items().isEmpty() ? null : Backups.cursorOf(first.items().get(0));
        return Html.page(Views.backups(new Chrome(session.csrfToken(), "backups"), backups.overview(user),
                first.items(), first.nextCursor(), newest, config.maxLabelLength()));
    }

    @GET
    @Path("/backups/rows")
    @Operation(hidden = true)
    public Response older(@QueryParam("before") String before) {
        BackupPage page = backups.list(session.userId(), new PageRequest(Backups.DEFAULT_PAGE, Text.blankToNull(before)));
        return Html.of(Views.backups$rows(page.items(), page.nextCursor(), config.maxLabelLength()))
                .build();
    }

    /** The rows the page is missing above {@code after}, with the summary and the new top-of-list cursor. */
    @GET
    @Path("/backups/rows/newer")
    @Operation(hidden = true)
    public Response newer(@QueryParam("after") String after) {
        UUID user = session.userId();
        List<BackupView> items = backups.newer(user, after);
        if (items.isEmpty()) {
            return Html.of(Views.backups$summary(backups.overview(user), true), Views.backups$newest(after, true)).build();
        }
        return Html.of(Views.backups$rows(items, null, config.maxLabelLength()), Views.backups$filled(),
                Views.backups$summary(backups.overview(user), true),
                Views.backups$newest(Backups.cursorOf(items.get(0)), true)).build();
    }

    @POST
    @Path(UPLOAD_PATH)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public Uni<Response> upload(@Context HttpServerRequest http) {
        return uploads.upload(session.userId(), UploadRoutes.body(http), new UploadRequest(null, null, null, null), true)
                .map(BackupsPage::uploaded);
    }

    private static Response uploaded(Uploaded uploaded) {
        String name = Text.isBlank(uploaded.fileName()) ? "The snapshot" : uploaded.fileName();
        Toast toast = Toast.success(uploaded.deduplicated() ? name + " is the same as the newest backup; nothing new was stored"
                : name + " is backed up and verified");
        return Html.of(Views.parts$toast(toast)).status(uploaded.deduplicated() ? 200 : 201)
                .header("HX-Trigger", CHANGED).build();
    }

    /** Backup now: the server snapshots the synced records; the row comes like an upload's. */
    @POST
    @Path("/backups/snapshot")
    @Operation(hidden = true)
    public Response backupNow() {
        Backup backup = snapshots.take(session.userId(), ServerSnapshots.Trigger.manual, null);
        Toast toast = Toast.success(backup.filename + " is backed up and verified: " + count(backup.recordCount, "record"));
        return Html.of(Views.parts$toast(toast)).status(201).header("HX-Trigger", CHANGED).build();
    }

    /** The confirmation of a restore, with the dry run's counts. */
    @GET
    @Path("/backups/{id}/restore")
    @Operation(hidden = true)
    public Response confirmRestore(@PathParam("id") String id) {
        UUID user = session.userId();
        UUID backupId = PathIds.uuid(id, "Backup");
        RestoreResult counts = restores.restore(user, backupId, true);
        return Html.of(Views.backups$restore(BackupView.from(backups.get(user, backupId)), counts)).build();
    }

    /** Restores, closes the confirmation, and lets the table fetch the undo snapshot. */
    @POST
    @Path("/backups/{id}/restore")
    @Operation(hidden = true)
    public Response restore(@PathParam("id") String id) {
        RestoreResult result = restores.restore(session.userId(), PathIds.uuid(id, "Backup"), false);
        Toast toast = Toast.success("Restored: " + count(result.restored(), "record") + " brought back, "
                + result.deleted() + " deleted, " + result.unchanged() + " unchanged. Devices get it when they next "
                + "sync; the state before is kept as a pinned backup.");
        return Html.of(Views.parts$toast(toast)).header("HX-Trigger", CHANGED).build();
    }

    private static String count(Long n, String noun) {
        long value = n == null ? 0 : n;
        return value + " " + noun + (value == 1 ? "" : "s");
    }

    @POST
    @Path("/backups/{id}/pin")
    @Operation(hidden = true)
    public Response pin(@PathParam("id") String id) {
        return change(id, BackupPatch.pin(true), "is pinned: retention keeps it");
    }

    @POST
    @Path("/backups/{id}/unpin")
    @Operation(hidden = true)
    public Response unpin(@PathParam("id") String id) {
        return change(id, BackupPatch.pin(false), "is no longer pinned");
    }

    @POST
    @Path("/backups/{id}/label")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response label(@PathParam("id") String id, byte[] form) {
        // Read from the raw body: the framework's form decoding would turn bytes that are not UTF-8 into U+FFFD.
        String label = StrictQuery.formParam(form, "label");
        return change(id, BackupPatch.label(label == null ? "" : label), Text.isBlank(label) ? "has no label" : "is labelled");
    }

    @DELETE
    @Path("/backups/{id}")
    @Operation(hidden = true)
    public Response delete(@PathParam("id") String id) {
        UUID user = session.userId();
        BackupView backup = BackupView.from(backups.get(user, PathIds.uuid(id, "Backup")));
        backups.delete(user, backup.id());
        return Html.of(Views.backups$summary(backups.overview(user), true),
                Views.parts$toast(Toast.success("The backup of " + Formats.dateTime(backup.createdAt()) + " is deleted")))
                .build();
    }

    @GET
    @Path("/backups/{id}/download")
    @Produces({ SqliteMedia.TYPE, MediaType.APPLICATION_JSON })
    @Operation(hidden = true)
    public Response download(@PathParam("id") String id, @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return downloads.respond(backups.get(session.userId(), PathIds.uuid(id, "Backup")), range, ifRange, ifNoneMatch);
    }

    /** Applies the change and answers with the row as it is now, and a toast saying what happened. */
    private Response change(String id, BackupPatch patch, String outcome) {
        BackupView backup = BackupView.from(backups.update(session.userId(), PathIds.uuid(id, "Backup"), patch));
        return Html.of(Views.backups$row(backup, config.maxLabelLength()),
                Views.parts$toast(Toast.success("The backup of " + Formats.dateTime(backup.createdAt()) + " " + outcome)))
                .build();
    }

}
