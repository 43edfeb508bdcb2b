package io.keepsync.sync.live;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.keepsync.auth.BearerIdentityProvider;
import io.keepsync.auth.CurrentUser;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** {@code GET /api/v1/sync/events}: a Server-Sent Events stream telling an online device when to pull. */
@Path("/api/v1/sync/events")
@Tag(name = "Sync")
@RolesAllowed(BearerIdentityProvider.ROLE)
@SecurityRequirement(name = "bearer")
public class EventsResource {

    @Inject
    LiveEvents events;

    @Inject
    LiveConfig config;

    @Inject
    CurrentUser currentUser;

    @Inject
    BearerIdentityProvider identities;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live events: when to pull", description = "After a push that applied a change, `changes` "
            + "with {cursor, serverTime, clientId}; after a stored backup, `backup` with its metadata. A comment every "
            + "keepsync.live.heartbeat keeps proxies from closing the stream. An event is a hint to pull, never the data "
            + "itself. The stream ends when its credential does.")
    public Multi<OutboundSseEvent> events(@Context Sse sse,
            @Parameter(description = "This device: events it caused are left out") @QueryParam("clientId") String clientId,
            @HeaderParam("Authorization") String authorization) {
        UUID userId = currentUser.id();
        String token = authorization.substring("Bearer ".length()).trim();
        Multi<OutboundSseEvent> live = Multi.createFrom().emitter(emitter -> {
            LiveEvents.Listener listener = (name, data, causedBy) -> {
                if (clientId == null || !clientId.equals(causedBy)) {
                    emitter.emit(sse.newEventBuilder().name(name).data(data).mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .build());
                }
            };
            events.subscribe(userId, listener);
            emitter.onTermination(() -> events.unsubscribe(userId, listener));
        });
        // Each beat is a comment, after the credential is checked again: an expired token, a revoked key or a
        // deleted account ends the stream.
        Multi<OutboundSseEvent> beats = Multi.createFrom().ticks().every(config.heartbeat())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> {
                    if (identities.userOf(token).filter(userId::equals).isEmpty()) {
                        throw new CredentialEnded();
                    }
                    return sse.newEventBuilder().comment("keep-alive").build();
                });
        // A first comment at once, so that the response headers go out now rather than with the first beat.
        Multi<OutboundSseEvent> opened = Multi.createFrom().item(sse.newEventBuilder().comment("connected").build());
        return Multi.createBy().merging().streams(opened, live, beats)
                .onFailure(CredentialEnded.class).recoverWithCompletion();
    }

    /** Ends a stream whose credential no longer holds. */
    static final class CredentialEnded extends RuntimeException {
        CredentialEnded() {
            super("credential ended", null, false, false);
        }
    }
}
