package io.keepsync.auth;

import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into the caller it speaks for. API keys are looked up by hash and carry their scopes. A token
 * whose issuer is the app's identity provider is verified against the provider's keys ({@link ExternalTokens}). Access
 * tokens are verified by SmallRye JWT against the signing key their {@code kid} names, with our issuer and audience
 * (once per token and key: {@link VerifiedTokens}), and their sign-in session must still be live, which also means the
 * account exists. Anything else fails, with no detail for the client.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerTokenRequest> {

    /** The identity attribute holding the {@link Caller}. */
    public static final String CALLER = "keepsync.caller";

    @Inject
    JWTParser parser;

    @Inject
    SigningKeys keys;

    @Inject
    JwtConfig config;

    @Inject
    VerifiedTokens verified;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    AuthRepository repository;

    @Inject
    ExternalTokens external;

    @Inject
    AccountService accounts;

    @Override
    public Class<BearerTokenRequest> getRequestType() {
        return BearerTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(request.token()));
    }

    /** The caller a bearer token still speaks for: a valid access token of a live session, or a live API key. */
    public Optional<Caller> callerOf(String token) {
        if (token.startsWith(ApiKeyService.PREFIX)) {
            return apiKeys.authenticate(token);
        }
        Optional<JwtContext> provider = external.claimingProvider(token);
        if (provider.isPresent()) {
            // The app's identity provider speaks for one of its users: the whole account, like an access token.
            return external.verify(provider.get())
                    .map(identity -> new Caller(accounts.externalUser(identity), Roles.EVERYTHING, null));
        }
        return verifyJwt(token).filter(jwt -> repository.sessionLive(jwt.session(), jwt.user()))
                .map(jwt -> new Caller(jwt.user(), Roles.EVERYTHING, jwt.session()));
    }

    private SecurityIdentity identity(String token) {
        Caller caller = callerOf(token).orElseThrow(AuthenticationFailedException::new);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.userId().toString()))
                .addRoles(caller.roles())
                .addAttribute(CALLER, caller)
                .build();
    }

    private Optional<VerifiedTokens.Verified> verifyJwt(String token) {
        Optional<PublicKey> key = keyId(token).flatMap(keys::verifying);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<VerifiedTokens.Verified> known = verified.lookup(token, key.get());
        if (known.isPresent()) {
            return known;
        }
        try {
            JsonWebToken jwt = parser.parse(token, contextInfo(key.get()));
            if (jwt.getGroups() == null || !jwt.getGroups().contains(Roles.ACCOUNT)) {
                return Optional.empty();
            }
            VerifiedTokens.Verified fresh = new VerifiedTokens.Verified(UUID.fromString(jwt.getSubject()),
                    UUID.fromString(text(jwt.getClaim(TokenIssuer.SESSION_CLAIM))), jwt.getExpirationTime(),
                    key.get());
            verified.remember(token, fresh);
            return Optional.of(fresh);
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** A string claim's text, whether the parser hands it over as a string or as a JSON string. */
    private static String text(Object claim) {
        return claim instanceof JsonString json ? json.getString() : claim.toString();
    }

    /** The {@code kid} of a compact JWS, read without trusting anything else in it yet. */
    private static Optional<String> keyId(String token) {
        try {
            return Optional.ofNullable(JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue());
        } catch (JoseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private JWTAuthContextInfo contextInfo(PublicKey key) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(key, config.issuer());
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setExpectedAudience(Set.of(config.audience()));
        info.setRequireNamedPrincipal(true);
        info.setExpGracePeriodSecs(0);
        info.setClockSkew(0);
        return info;
    }
}
