package io.keepsync.sync;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.keepsync.auth.CurrentUser;
import io.keepsync.auth.Roles;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.http.StrictQuery;
import io.keepsync.common.text.Text;
import io.keepsync.sync.pull.PullRequest;
import io.keepsync.sync.pull.PullResponse;
import io.keepsync.sync.pull.PullService;
import io.keepsync.sync.push.PushBodyReader;
import io.keepsync.sync.push.PushRequest;
import io.keepsync.sync.push.PushResponse;
import io.keepsync.sync.push.PushService;

/** Push and pull of records between devices and the server. */
@Path("/api/v1/sync")
@Tag(name = "Sync", description = "Push local changes, pull remote ones; last write wins. An API key needs the sync "
        + "scope (403 insufficient-scope otherwise).")
@RolesAllowed(Roles.SYNC)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    @Inject
    PushService pushes;

    @Inject
    PullService pulls;

    @Inject
    SyncRepository repository;

    @Inject
    SyncConfig config;

    @Inject
    CurrentUser currentUser;

    @Inject
    PushBodyReader reader;

    @POST
    @Path("/push")
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

    @GET
    @Path("/pull")
    @Operation(summary = "Pull changes after a cursor", description = "Ordered by server version; ask again with "
            + "the returned cursor while hasMore. 'since' may also be an ISO-8601 timestamp (a previous serverTime).")
    @APIResponse(responseCode = "200", description = "A page of changes")
    @APIResponse(responseCode = "400", description = "Bad cursor, timestamp or limit")
    @APIResponse(responseCode = "409", description = "must-refetch: the cursor can no longer be served")
    public PullResponse pull(
            @Parameter(description = "Cursor from an earlier answer, or an ISO-8601 timestamp; omit for a full sync") @QueryParam("since") String since,
            @Parameter(description = "Page size, from 1 to keepsync.sync.max-pull-limit (default "
                    + "keepsync.sync.default-pull-limit)") @QueryParam("limit") String limit,
            @Parameter(description = "Comma-separated entity types") @QueryParam("entityTypes") List<String> entityTypes,
            @Parameter(description = "Leave out changes last written by this device") @QueryParam("excludeClientId") String excludeClientId,
            @Parameter(description = "This device, noted as having pulled (else X-Client-Id, else excludeClientId)") @QueryParam("clientId") String clientId,
            @HeaderParam("X-Client-Id") String clientHeader, @Context UriInfo uri) {
        String rawQuery = uri.getRequestUri().getRawQuery();
        String device = StrictQuery.param(rawQuery, "clientId");
        PullRequest request = new PullRequest(since, parseLimit(limit), types(entityTypes),
                StrictQuery.param(rawQuery, "excludeClientId"),
                device != null ? device : Text.header("X-Client-Id", clientHeader));
        return pulls.pull(currentUser.id(), request);
    }

    @GET
    @Path("/status")
    @Operation(summary = "Head cursor, record counts per entity type, and devices")
    public SyncStatus status() throws SQLException {
        return repository.status(currentUser.id());
    }

    private Integer parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(limit.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("limit", "must be a whole number between 1 and " + config.maxPullLimit());
        }
    }

    private static List<String> types(List<String> params) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        List<String> types = new ArrayList<>();
        for (String param : params) {
            for (String type : param.split(",")) {
                if (!type.isBlank()) {
                    if (!SyncIds.ENTITY_TYPE.matcher(type.trim()).matches()) {
                        throw ProblemException.invalid("entityTypes", "each must match " + SyncIds.ENTITY_TYPE_PATTERN);
                    }
                    types.add(type.trim());
                }
            }
        }
        return types.isEmpty() ? null : types;
    }
}
