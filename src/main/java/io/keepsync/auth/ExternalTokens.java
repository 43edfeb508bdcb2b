package io.keepsync.auth;

import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

import io.quarkus.runtime.Startup;

/**
 * Tokens of the app's own identity provider ({@code KEEPSYNC_AUTH_EXTERNAL_*}), verified by jose4j against the
 * provider's keys: RS256 or ES256 only, a {@code kid}, the configured issuer and audience, an expiry (with 30 s of
 * leeway) and a subject. Off unless the issuer, the JWKS address and the audience are all set; with only some of them
 * the service does not start, naming what is missing.
 */
@ApplicationScoped
@Startup
public class ExternalTokens {

    static final int LEEWAY_SECONDS = 30;

    /** Who a verified provider token speaks for. */
    public record Identity(String issuer, String subject, String email) {
    }

    @Inject
    AuthConfig config;

    private String issuer;
    private String emailClaim;
    private JwtConsumer verifier;
    private final JwtConsumer issuerReader = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
            .setSkipSignatureVerification().build();

    @PostConstruct
    void init() {
        AuthConfig.External external = config.external();
        if (external.issuer().isEmpty() && external.jwksUrl().isEmpty() && external.audience().isEmpty()) {
            return;
        }
        if (external.issuer().isEmpty() || external.jwksUrl().isEmpty() || external.audience().isEmpty()) {
            throw new IllegalStateException("Set KEEPSYNC_AUTH_EXTERNAL_ISSUER, KEEPSYNC_AUTH_EXTERNAL_JWKS_URL and "
                    + "KEEPSYNC_AUTH_EXTERNAL_AUDIENCE together to accept the identity provider's tokens");
        }
        issuer = external.issuer().get();
        emailClaim = external.emailClaim();
        verifier = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(new ProviderKeys(external.jwksUrl().get()))
                .setExpectedIssuer(issuer)
                .setExpectedAudience(external.audience().get())
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(LEEWAY_SECONDS)
                .build();
    }

    /**
     * The token, parsed once, if it says it comes from the provider (its {@code iss}, read before anything is
     * trusted); {@link #verify} then checks that parse instead of parsing again.
     */
    Optional<JwtContext> claimingProvider(String token) {
        if (verifier == null) {
            return Optional.empty();
        }
        try {
            JwtContext parsed = issuerReader.process(token);
            return issuer.equals(parsed.getJwtClaims().getIssuer()) ? Optional.of(parsed) : Optional.empty();
        } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The identity a token that claims the provider proves, or empty when it does not verify. */
    Optional<Identity> verify(JwtContext parsed) {
        try {
            verifier.processContext(parsed);
            JwtClaims claims = parsed.getJwtClaims();
            Object email = claims.getClaimValue(emailClaim);
            return Optional.of(new Identity(claims.getIssuer(), claims.getSubject(),
                    email instanceof String text && !text.isBlank() ? text : null));
        } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
