package io.keepsync.common.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.text.Text;

/**
 * JSON request bodies bound to objects (already read, within their limit, by {@link RequestBodies}) must be valid
 * UTF-8: the JSON parser would otherwise decode some malformed sequences leniently into other text, which would then
 * be stored. A push body, read as bytes, has rules of its own per change.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.getSubtype().endsWith("json") || context.getType() == InputStream.class
                || context.getType() == byte[].class) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (!Text.isUtf8(body)) {
            throw ProblemException.badRequest("The request body is not valid UTF-8");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
