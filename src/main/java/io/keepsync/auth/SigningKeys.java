package io.keepsync.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.HashUtil;

import io.quarkus.logging.Log;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The RSA keys that sign and verify access tokens. Either the one the operator configured, or keys generated and kept
 * in PostgreSQL, so that every replica shares them and restarts keep users signed in. Stored keys rotate: the newest
 * signs, and the ones it replaced keep verifying until every token they signed has expired. Each key is known by its
 * RFC 7638 thumbprint, the {@code kid} of the tokens it signs.
 */
@ApplicationScoped
public class SigningKeys {

    /** A key pair and its thumbprint. */
    public record SigningKey(String kid, PrivateKey privateKey, PublicKey publicKey) {
    }

    /** How soon a replica signs with a key another process rotated in. */
    static final Duration RELOAD_EVERY = Duration.ofMinutes(1);
    /** An unknown kid reloads the keys at most this often (a token signed by a key rotated in meanwhile). */
    private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(5);

    /** The keys as loaded: the one that signs, every one that verifies, and when they were read. */
    record Loaded(SigningKey signing, Map<String, PublicKey> verifying, long loadedAt) {
    }

    @Inject
    JwtConfig config;

    @Inject
    AuthRepository repository;

    private volatile Loaded loaded;

    /** The key new access tokens are signed with. */
    public SigningKey signing() {
        return keys(RELOAD_EVERY).signing();
    }

    /** The public key of this kid, if it is one of ours that still verifies. */
    public Optional<PublicKey> verifying(String kid) {
        PublicKey key = keys(RELOAD_EVERY).verifying().get(kid);
        if (key == null && config.privateKey().isEmpty()) {
            key = keys(UNKNOWN_KID_RELOAD).verifying().get(kid);
        }
        return Optional.ofNullable(key);
    }

    /**
     * Adds a new signing key and retires the stored ones, which keep verifying until the sweep removes them once the
     * tokens they signed have expired. Returns the new key's id.
     */
    @Transactional
    public String rotate() {
        if (config.privateKey().isPresent()) {
            throw new IllegalStateException("The signing key comes from KEEPSYNC_JWT_PRIVATE_KEY; replace it there");
        }
        repository.lockSigningKeys();
        SigningKey fresh = generate();
        repository.insertSigningKey(fresh.kid(), encode(fresh.privateKey()), encode(fresh.publicKey()));
        repository.retireSigningKeysExcept(fresh.kid());
        return fresh.kid();
    }

    private Loaded keys(Duration maxAge) {
        Loaded current = loaded;
        if (current == null || System.nanoTime() - current.loadedAt() > maxAge.toNanos()) {
            synchronized (this) {
                current = loaded;
                if (current == null || System.nanoTime() - current.loadedAt() > maxAge.toNanos()) {
                    current = config.privateKey().isPresent() ? fromConfig() : stored();
                    loaded = current;
                }
            }
        }
        return current;
    }

    /**
     * Reads the stored keys, creating the first one when there is none. Replicas starting together each generate one,
     * but the table lock lets only the first insert it, and everyone reads what it wrote.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Loaded stored() {
        List<AuthRepository.StoredKey> keys = repository.signingKeys();
        if (keys.isEmpty()) {
            repository.lockSigningKeys();
            if (repository.signingKeys().isEmpty()) {
                SigningKey fresh = generate();
                repository.insertSigningKey(fresh.kid(), encode(fresh.privateKey()), encode(fresh.publicKey()));
                Log.infof("Generated the access-token signing key %s and stored it in the database", fresh.kid());
            }
            keys = repository.signingKeys();
        }
        Map<String, PublicKey> verifying = new HashMap<>();
        SigningKey signing = null;
        for (AuthRepository.StoredKey stored : keys) {
            SigningKey key = decode(stored.privateKey(), stored.publicKey());
            verifying.put(key.kid(), key.publicKey());
            if (stored.retiredAt() == null && signing == null) {
                signing = key;
            }
        }
        if (signing == null) {
            // Every stored key was retired by a rotation that did not finish: the newest signs meanwhile.
            AuthRepository.StoredKey newest = keys.get(0);
            signing = decode(newest.privateKey(), newest.publicKey());
        }
        return new Loaded(signing, Map.copyOf(verifying), System.nanoTime());
    }

    private Loaded fromConfig() {
        try {
            PrivateKey privateKey = KeyUtils.decodePrivateKey(config.privateKey().get());
            PublicKey publicKey = config.publicKey().isPresent()
                    ? KeyUtils.decodePublicKey(config.publicKey().get())
                    : derivePublic(privateKey);
            SigningKey key = new SigningKey(thumbprint(publicKey), privateKey, publicKey);
            return new Loaded(key, Map.of(key.kid(), publicKey), System.nanoTime());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("keepsync.jwt.private-key / public-key is not a usable RSA PEM key", e);
        }
    }

    /** The RFC 7638 thumbprint (SHA-256, base64url) of an RSA public key. */
    static String thumbprint(PublicKey key) {
        try {
            return new RsaJsonWebKey((RSAPublicKey) key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (ClassCastException e) {
            throw new IllegalStateException("The signing key is not an RSA key", e);
        }
    }

    private static PublicKey derivePublic(PrivateKey privateKey) throws GeneralSecurityException {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("set keepsync.jwt.public-key as well");
        }
        BigInteger modulus = crt.getModulus();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, crt.getPublicExponent()));
    }

    private static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(thumbprint(pair.getPublic()), pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static SigningKey decode(String privateKey, String publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PublicKey publicPart = rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            return new SigningKey(thumbprint(publicPart), rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))), publicPart);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored signing key cannot be decoded", e);
        }
    }
}
