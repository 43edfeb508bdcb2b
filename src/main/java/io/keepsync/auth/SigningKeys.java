package io.keepsync.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The RSA key pair that signs and verifies access tokens: the one configured by the operator, or else one
 * generated once and stored in PostgreSQL, so that every replica shares it and restarts keep users logged in.
 */
@ApplicationScoped
public class SigningKeys {

    static final String ACCESS_KEY_ID = "access";

    @Inject
    JwtConfig config;

    @Inject
    AuthRepository repository;

    private volatile KeyPair keys;

    public PrivateKey privateKey() {
        return keys().getPrivate();
    }

    public PublicKey publicKey() {
        return keys().getPublic();
    }

    private KeyPair keys() {
        KeyPair current = keys;
        if (current == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = config.privateKey().isPresent() ? fromConfig() : loadOrCreate(ACCESS_KEY_ID);
                }
                current = keys;
            }
        }
        return current;
    }

    /**
     * Returns the stored pair with this id, creating it first if there is none. Concurrent callers, in this or
     * another replica, all end up with the same pair: the first insert wins and everyone reads what it wrote.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    KeyPair loadOrCreate(String id) {
        KeyPair fresh = generate();
        if (repository.insertSigningKey(id, Base64.getEncoder().encodeToString(fresh.getPrivate().getEncoded()),
                Base64.getEncoder().encodeToString(fresh.getPublic().getEncoded()))) {
            Log.infof("Generated the access-token signing key '%s' and stored it in the database", id);
        }
        String[] stored = repository.signingKey(id);
        return decode(stored[0], stored[1]);
    }

    private KeyPair fromConfig() {
        try {
            PrivateKey privateKey = KeyUtils.decodePrivateKey(config.privateKey().get());
            PublicKey publicKey = config.publicKey().isPresent()
                    ? KeyUtils.decodePublicKey(config.publicKey().get())
                    : derivePublic(privateKey);
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("keepsync.jwt.private-key / public-key is not a usable RSA PEM key", e);
        }
    }

    private static PublicKey derivePublic(PrivateKey privateKey) throws GeneralSecurityException {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("set keepsync.jwt.public-key as well");
        }
        BigInteger modulus = crt.getModulus();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, crt.getPublicExponent()));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair decode(String privateKey, String publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new KeyPair(
                    rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored signing key cannot be decoded", e);
        }
    }
}
