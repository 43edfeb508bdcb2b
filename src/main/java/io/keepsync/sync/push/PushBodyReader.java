package io.keepsync.sync.push;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.keepsync.common.http.BodySizeLimit;
import io.keepsync.sync.wire.PushedData;

/**
 * Reads a push body from the request stream, stopping with 413 as soon as it passes the JSON body limit, so a body
 * sent without a declared length cannot fill the heap either.
 */
@ApplicationScoped
public class PushBodyReader {

    @Inject
    ObjectMapper mapper;

    @Inject
    BodySizeLimit limit;

    /**
     * Reads the whole body first (it is bounded), so that each change's data can be cut out of it as it was sent
     * ({@link PushedData}).
     */
    public PushRequest read(InputStream body) throws IOException {
        byte[] bytes = new Bounded(body, limit).readAllBytes();
        return mapper.readerFor(PushRequest.class).withAttribute(PushedData.BODY, bytes).readValue(bytes);
    }

    private static final class Bounded extends FilterInputStream {
        private final BodySizeLimit limit;
        private long read;

        Bounded(InputStream in, BodySizeLimit limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit.maxJsonBytes()) {
                throw limit.tooLarge();
            }
        }
    }
}
