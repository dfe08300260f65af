package io.stockflow.support.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * {@code X-API-Key} authentication. A request without the header stays anonymous (and gets 401 from
 * wherever a role is needed); an unknown key fails at once. The 401 carries a problem+json body.
 * With AUTH_ENABLED=false every request acts as {@code anonymous} holding every role.
 */
@Singleton
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-API-Key";
    /** The principal of every request while authentication is off. */
    public static final String ANONYMOUS = "anonymous";

    private static final String CHALLENGE = "ApiKey header=\"" + HEADER + "\"";
    private static final SecurityIdentity AUTH_OFF = ApiKeyIdentityProvider.identity(ANONYMOUS, Roles.ADMIN);

    private final boolean enabled;

    ApiKeyAuthenticationMechanism(AuthConfig config) {
        this.enabled = config.enabled();
    }

    /** Who holds the key behind the request; null without a key, and while authentication is off. */
    public static String keyHolder(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || ANONYMOUS.equals(identity.getPrincipal().getName())) {
            return null;
        }
        return identity.getPrincipal().getName();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!enabled) {
            return Uni.createFrom().item(AUTH_OFF);
        }
        String key = context.request().getHeader(HEADER);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        ApiKeyAuthenticationRequest request = new ApiKeyAuthenticationRequest(key);
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identities.authenticate(request);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    /** The challenge with a problem+json body: no key, or an unknown one. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (!context.response().ended()) {
            context.response().putHeader("WWW-Authenticate", CHALLENGE);
            AuthProblems.unauthorized(context.response(), context.request().getHeader(HEADER) != null);
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }
}
