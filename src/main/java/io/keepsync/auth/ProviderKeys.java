package io.keepsync.auth;

import java.io.IOException;
import java.security.Key;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The identity provider's signing keys, fetched from its JWKS address by jose4j and cached. A token must name its
 * key ({@code kid}); a key id the cache does not know refetches the set, at most once per {@link #REFETCH_EVERY_NANOS},
 * so a stream of forged key ids cannot turn into a stream of requests to the provider. While the provider cannot be
 * reached, the keys fetched before keep verifying.
 */
final class ProviderKeys implements VerificationKeyResolver {

    static final long REFETCH_EVERY_NANOS = 30_000_000_000L;

    /** How long fetched keys are used before they are fetched again (unless the provider's Cache-Control says). */
    private static final long CACHE_SECONDS = 300;

    /** How long fetched keys keep verifying while the provider cannot be reached. */
    private static final long RETAIN_ON_ERROR_SECONDS = 7 * 24 * 3600;

    private static final int TIMEOUT_MILLIS = 5000;

    private final HttpsJwks jwks;
    private final AtomicLong lastRefetch;

    ProviderKeys(String url) {
        jwks = new HttpsJwks(url);
        jwks.setDefaultCacheDuration(CACHE_SECONDS);
        jwks.setRetainCacheOnErrorDuration(RETAIN_ON_ERROR_SECONDS);
        Get get = new Get();
        get.setConnectTimeout(TIMEOUT_MILLIS);
        get.setReadTimeout(TIMEOUT_MILLIS);
        jwks.setSimpleHttpGet(get);
        lastRefetch = new AtomicLong(System.nanoTime() - REFETCH_EVERY_NANOS);
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        if (jws.getKeyIdHeaderValue() == null) {
            throw new UnresolvableKeyException("The token names no key (kid)");
        }
        try {
            JsonWebKey key = select(jws, jwks.getJsonWebKeys());
            if (key == null && mayRefetch()) {
                jwks.refresh();
                key = select(jws, jwks.getJsonWebKeys());
            }
            if (key == null) {
                throw new UnresolvableKeyException("No key of the provider has the token's kid");
            }
            return key.getKey();
        } catch (JoseException | IOException e) {
            throw new UnresolvableKeyException("The provider's keys cannot be fetched", e);
        }
    }

    private boolean mayRefetch() {
        long now = System.nanoTime();
        long last = lastRefetch.get();
        return now - last >= REFETCH_EVERY_NANOS && lastRefetch.compareAndSet(last, now);
    }

    private static JsonWebKey select(JsonWebSignature jws, List<JsonWebKey> keys) throws JoseException {
        return new VerificationJwkSelector().select(jws, keys);
    }
}
