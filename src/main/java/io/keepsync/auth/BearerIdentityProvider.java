package io.keepsync.auth;

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
 * SmallRye JWT against our signing key and issuer. Either way the account must still exist. Anything else fails,
 * with no detail for the client.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerTokenRequest> {

    public static final String ROLE = "user";

    @Inject
    JWTParser parser;

    @Inject
    SigningKeys keys;

    @Inject
    AuthConfig config;

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

    private SecurityIdentity identity(String token) {
        Optional<UUID> user = token.startsWith(ApiKeyService.PREFIX) ? apiKeys.authenticate(token) : verifyJwt(token);
        if (user.isEmpty() || !accounts.exists(user.get())) {
            throw new AuthenticationFailedException();
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.get().toString()))
                .addRole(ROLE)
                .build();
    }

    private Optional<UUID> verifyJwt(String token) {
        try {
            var jwt = parser.parse(token, contextInfo());
            if (jwt.getGroups() == null || !jwt.getGroups().contains(ROLE)) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(jwt.getSubject()));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private JWTAuthContextInfo contextInfo() {
        JWTAuthContextInfo info = new JWTAuthContextInfo(keys.publicKey(), config.jwt().issuer());
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setRequireNamedPrincipal(true);
        info.setExpGracePeriodSecs(0);
        info.setClockSkew(0);
        return info;
    }

}
