package io.keepsync.console;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.TemplateInstance;

/** Console answers: rendered templates and fragments, concatenated (a main part, then out-of-band parts). */
final class Html {

    static final MediaType TYPE = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    private Html() {
    }

    static Response.ResponseBuilder of(TemplateInstance... parts) {
        StringBuilder html = new StringBuilder();
        for (TemplateInstance part : parts) {
            html.append(part.render());
        }
        return Response.ok(html.toString(), TYPE);
    }

    static Response page(TemplateInstance page) {
        return of(page).build();
    }
}
