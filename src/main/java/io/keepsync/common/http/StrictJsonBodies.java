package io.keepsync.common.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import io.keepsync.common.error.ProblemException;
import io.keepsync.common.text.Text;

/**
 * JSON request bodies bound to objects are read whole (within the JSON body limit) and must be valid UTF-8: the JSON
 * parser would otherwise decode some malformed sequences leniently into other text, which would then be stored.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Inject
    BodySizeLimit limit;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !type.getSubtype().endsWith("json") || context.getType() == InputStream.class) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit.maxJsonBytes() + 1));
        if (body.length > limit.maxJsonBytes()) {
            throw limit.tooLarge();
        }
        if (!Text.isUtf8(body)) {
            throw ProblemException.badRequest("The request body is not valid UTF-8");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
