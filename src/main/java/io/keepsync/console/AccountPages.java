package io.keepsync.console;

import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

import io.keepsync.auth.AccountService;
import io.keepsync.auth.Me;
import io.keepsync.common.error.ProblemException;
import io.keepsync.sync.SyncRepository;

/** The Devices page (sync state per device and entity type) and the Account page (sign out, delete the account). */
@Path("/")
@ConsolePage
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    @Inject
    ConsoleSession session;

    @Inject
    SyncRepository sync;

    @Inject
    AccountService accounts;

    @GET
    @Path("/devices")
    @Operation(hidden = true)
    public Response devices() throws SQLException {
        UUID user = session.userId();
        return Html.page(Views.devices(new Chrome(session.csrfToken(), "devices"), sync.status(user)));
    }

    @GET
    @Path("/account")
    @Operation(hidden = true)
    public Response account() {
        UUID user = session.userId();
        return Html.page(Views.account(new Chrome(session.csrfToken(), "account"), accounts.me(user)));
    }

    /** Deletes the account once its email is typed; its sessions go with it. */
    @POST
    @Path("/account/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response delete(@RestForm String confirmEmail) {
        UUID user = session.userId();
        Me me = accounts.me(user);
        if (confirmEmail == null || !confirmEmail.trim().toLowerCase(Locale.ROOT).equals(me.email())) {
            throw ProblemException.invalid("confirmEmail", "type the account's email exactly to delete it");
        }
        accounts.delete(user);
        return Response.noContent().header("HX-Redirect", SignIn.PATH + "?notice=deleted")
                .cookie(session.cleared()).build();
    }
}
