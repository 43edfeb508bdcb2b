package io.keepsync.auth;

import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
 * Turns a bearer token into the user it speaks for: API keys are looked up by hash, access tokens are verified by
 * SmallRye JWT against our signing key and issuer (once per token and key: {@link VerifiedTokens}). Either way the
 * account must still exist. Anything else fails, with no detail for the client.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerTokenRequest> {

    public static final String ROLE = "user";

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
    AccountService accounts;

    @Override
    public Class<BearerTokenRequest> getRequestType() {
        return BearerTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(request.token()));
    }

    /** The user a bearer token still speaks for: a valid access token or live API key of an existing account. */
    public Optional<UUID> userOf(String token) {
        Optional<UUID> user = token.startsWith(ApiKeyService.PREFIX) ? apiKeys.authenticate(token) : verifyJwt(token);
        return user.filter(accounts::exists);
    }

    private SecurityIdentity identity(String token) {
        Optional<UUID> user = userOf(token);
        if (user.isEmpty()) {
            throw new AuthenticationFailedException();
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.get().toString()))
                .addRole(ROLE)
                .build();
    }

    private Optional<UUID> verifyJwt(String token) {
        PublicKey key = keys.publicKey();
        Optional<UUID> known = verified.user(token, key);
        if (known.isPresent()) {
            return known;
        }
        try {
            var jwt = parser.parse(token, contextInfo(key));
            if (jwt.getGroups() == null || !jwt.getGroups().contains(ROLE)) {
                return Optional.empty();
            }
            UUID user = UUID.fromString(jwt.getSubject());
            verified.remember(token, user, jwt.getExpirationTime(), key);
            return Optional.of(user);
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private JWTAuthContextInfo contextInfo(PublicKey key) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(key, config.issuer());
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setRequireNamedPrincipal(true);
        info.setExpGracePeriodSecs(0);
        info.setClockSkew(0);
        return info;
    }

}
