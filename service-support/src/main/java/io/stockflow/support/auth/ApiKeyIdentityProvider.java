package io.stockflow.support.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Turns a presented key into the identity of its holder: the key's name, and every role its role grants. */
@Singleton
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    /** Identity attribute: the role the key was given (its roles also hold what that role includes). */
    public static final String ROLE_ATTRIBUTE = "stockflow.role";

    private final KeyRing keys;
    /** One immutable identity per holder, built once: a request only looks its holder up. */
    private final Map<KeyRing.Holder, Uni<SecurityIdentity>> identities = new ConcurrentHashMap<>();

    ApiKeyIdentityProvider(KeyRing keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return keys.find(request.secret())
                .map(holder -> identities.computeIfAbsent(holder,
                        h -> Uni.createFrom().item(identity(h.principal(), h.role()))))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown API key")));
    }

    /** The identity of a key's holder: its name as the principal, and every role its role grants. */
    public static SecurityIdentity identity(String principal, String role) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal))
                .addRoles(Roles.granted(role))
                .addAttribute(ROLE_ATTRIBUTE, role)
                .build();
    }
}
