package io.stockflow.warehouse.console;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.stockflow.support.auth.ApiKeyAuthenticationMechanism;
import io.stockflow.support.auth.ApiKeyIdentityProvider;
import io.stockflow.support.auth.AuthConfig;
import io.stockflow.support.auth.KeyRing;
import io.stockflow.support.auth.Roles;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Console sign-in through Quarkus form authentication. The sign-in form posts a staff key as the
 * password; the session cookie Quarkus then sets (encrypted with {@code quarkus.http.encryption-key},
 * HttpOnly, SameSite) carries only the key's name, and every request rebuilds the identity from the
 * key ring, so a key taken out of the ring ends its sessions at once. Machine keys (service, ingest)
 * may not sign in. With authentication off, anyone signs in as {@code anonymous}, as the API treats them.
 */
public final class StaffIdentityProviders {

    static final String CONSOLE = "/console";

    private StaffIdentityProviders() {
    }

    static Optional<SecurityIdentity> staff(KeyRing.Holder holder) {
        return Roles.STAFF.contains(holder.role())
                ? Optional.of(ApiKeyIdentityProvider.identity(holder.principal(), holder.role()))
                : Optional.empty();
    }

    private static Uni<SecurityIdentity> orRefuse(Optional<SecurityIdentity> identity) {
        return identity.map(i -> Uni.createFrom().item(i))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("not a staff key")));
    }

    private static SecurityIdentity anonymous() {
        return ApiKeyIdentityProvider.identity(ApiKeyAuthenticationMechanism.ANONYMOUS, Roles.ADMIN);
    }

    /** What both providers share: the key ring, and whether authentication is on at all. */
    abstract static class StaffProvider<T extends AuthenticationRequest> implements IdentityProvider<T> {

        final KeyRing keys;
        final boolean enabled;
        private final Class<T> type;

        StaffProvider(KeyRing keys, AuthConfig config, Class<T> type) {
            this.keys = keys;
            this.enabled = config.enabled();
            this.type = type;
        }

        @Override
        public Class<T> getRequestType() {
            return type;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(T request, AuthenticationRequestContext context) {
            return enabled ? staff(request) : Uni.createFrom().item(anonymous());
        }

        abstract Uni<SecurityIdentity> staff(T request);
    }

    /** The sign-in form: the key is the password; the user name is not used. */
    @Singleton
    public static class SignIn extends StaffProvider<UsernamePasswordAuthenticationRequest> {

        SignIn(KeyRing keys, AuthConfig config) {
            super(keys, config, UsernamePasswordAuthenticationRequest.class);
        }

        @Override
        Uni<SecurityIdentity> staff(UsernamePasswordAuthenticationRequest request) {
            String key = new String(request.getPassword().getPassword()).strip();
            return orRefuse(keys.find(key).flatMap(StaffIdentityProviders::staff));
        }
    }

    /** Each request of a signed-in session: the cookie names the key's holder. */
    @Singleton
    public static class Session extends StaffProvider<TrustedAuthenticationRequest> {

        Session(KeyRing keys, AuthConfig config) {
            super(keys, config, TrustedAuthenticationRequest.class);
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
            // the cookie's path keeps browsers from sending it elsewhere; a client that does gets no identity from it
            RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
            if (http != null && !http.normalizedPath().startsWith(CONSOLE)) {
                return Uni.createFrom().failure(new AuthenticationFailedException("a console session outside the console"));
            }
            return super.authenticate(request, context);
        }

        @Override
        Uni<SecurityIdentity> staff(TrustedAuthenticationRequest request) {
            return orRefuse(keys.named(request.getPrincipal()).flatMap(StaffIdentityProviders::staff));
        }
    }
}
