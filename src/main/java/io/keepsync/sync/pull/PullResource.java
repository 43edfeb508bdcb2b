package io.keepsync.sync.pull;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.keepsync.auth.CurrentUser;
import io.keepsync.auth.Roles;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.http.StrictQuery;
import io.keepsync.common.paging.PageRequest;
import io.keepsync.common.text.Text;
import io.keepsync.sync.SyncConfig;
import io.keepsync.sync.SyncIds;

/** Devices pull the changes of others here, page by page. */
@Path("/api/v1/sync/pull")
@Tag(name = "Sync")
@RolesAllowed(Roles.SYNC)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class PullResource {

    @Inject
    PullService pulls;

    @Inject
    SyncConfig config;

    @Inject
    CurrentUser currentUser;

    @GET
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
        PageRequest page = PageRequest.parse(limit, since, config.defaultPullLimit(), config.maxPullLimit());
        PullRequest request = new PullRequest(page, types(entityTypes), StrictQuery.param(rawQuery, "excludeClientId"),
                device != null ? device : Text.header("X-Client-Id", clientHeader));
        return pulls.pull(currentUser.id(), request);
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
