package io.keepsync.console;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.keepsync.auth.AccountService;
import io.keepsync.auth.Me;
import io.keepsync.auth.PasswordChange;
import io.keepsync.common.error.ProblemException;
import io.keepsync.common.http.StrictQuery;
import io.keepsync.sync.status.StatusService;
import io.smallrye.mutiny.Uni;

/** The Devices page (sync state per device and entity type) and the Account page (sign out, delete the account). */
@Path("/")
@ConsolePage
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    static final String PASSWORD_PATH = "/account/password";

    @Inject
    ConsoleSession session;

    @Inject
    StatusService sync;

    @Inject
    AccountService accounts;

    @Inject
    Validator validator;

    @GET
    @Path("/devices")
    @Operation(hidden = true)
    public Response devices() {
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

    /** Changes the password; every other session of the account ends, this browser's stays. */
    @POST
    @Path(PASSWORD_PATH)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> changePassword(byte[] form) {
        PasswordChange change = new PasswordChange(StrictQuery.formParam(form, "currentPassword"),
                StrictQuery.formParam(form, "newPassword"));
        Set<ConstraintViolation<PasswordChange>> violations = validator.validate(change);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return accounts.changePassword(session.userId(), null, session.sessionHash(), change)
                .map(ignored -> Html.of(Views.parts$toast(Toast.success(
                        "Your password is changed; every other session of your account is signed out"))).build());
    }

    /** Ends every session of the account, this browser's included. */
    @POST
    @Path("/account/sign-out-everywhere")
    @Operation(hidden = true)
    public Response signOutEverywhere() {
        accounts.signOutEverywhere(session.userId());
        return Response.noContent().header("HX-Redirect", SignIn.PATH + "?notice=signed-out-everywhere")
                .cookie(session.cleared()).build();
    }

    /** Deletes the account once its email is typed; its sessions go with it. */
    @POST
    @Path("/account/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response delete(byte[] form) {
        String confirmEmail = StrictQuery.formParam(form, "confirmEmail");
        UUID user = session.userId();
        Me me = accounts.me(user);
        String expected = me.confirmation();
        String typed = confirmEmail == null ? null : confirmEmail.trim();
        if (typed == null || !(me.email() != null ? typed.toLowerCase(Locale.ROOT) : typed).equals(expected)) {
            throw ProblemException.invalid("confirmEmail", "type the account's " + (me.email() != null ? "email"
                    : "user id at its identity provider") + " exactly to delete it");
        }
        accounts.delete(user);
        return Response.noContent().header("HX-Redirect", SignIn.PATH + "?notice=deleted")
                .cookie(session.cleared()).build();
    }
}
