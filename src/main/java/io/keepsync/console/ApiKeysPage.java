package io.keepsync.console;

import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
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

import io.keepsync.auth.ApiKeyCreated;
import io.keepsync.auth.ApiKeyRequest;
import io.keepsync.auth.ApiKeyService;
import io.keepsync.common.http.StrictQuery;

/** The API keys page: create a key (shown once, with a copy button), see when each was last used, revoke one. */
@Path("/api-keys")
@ConsolePage
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ApiKeysPage {

    @Inject
    ConsoleSession session;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    Validator validator;

    @GET
    @Operation(hidden = true)
    public Response page() {
        UUID user = session.userId();
        return Html.page(Views.keys(new Chrome(session.csrfToken(), "keys"), apiKeys.list(user)));
    }

    /** Answers with the new key, once, and the list with it in. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response create(byte[] form) {
        UUID user = session.userId();
        // Read from the raw body: the framework's form decoding would turn bytes that are not UTF-8 into U+FFFD.
        ApiKeyRequest request = new ApiKeyRequest(StrictQuery.formParam(form, "name"));
        Set<ConstraintViolation<ApiKeyRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        ApiKeyCreated created = apiKeys.create(user, request);
        return Html.of(Views.keys$created(created), Views.keys$list(apiKeys.list(user), true)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(hidden = true)
    public Response revoke(@PathParam("id") UUID id) {
        apiKeys.delete(session.userId(), id);
        return Html.of(Views.parts$toast(Toast.success("The key is revoked"))).build();
    }
}
