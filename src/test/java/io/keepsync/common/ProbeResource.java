package io.keepsync.common;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A test-only endpoint that fails on purpose, so the error mapping can be checked from the outside. */
@Path("/test-probe")
@PermitAll
public class ProbeResource {

    public record Body(@NotBlank @Email String email, @Size(min = 10) String password) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Body echo(@Valid Body body) {
        return body;
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("secret internals at com.example.Hidden");
    }
}
