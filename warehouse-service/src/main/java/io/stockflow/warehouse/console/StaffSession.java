package io.stockflow.warehouse.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.stockflow.support.auth.ApiKeyIdentityProvider;
import io.stockflow.support.auth.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** Who is signed in, for the templates ({@code inject:staff}). */
@RequestScoped
@Named("staff")
public class StaffSession {

    private final SecurityIdentity identity;

    StaffSession(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String name() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    public String role() {
        String role = identity.getAttribute(ApiKeyIdentityProvider.ROLE_ATTRIBUTE);
        return role == null ? "" : role;
    }

    /** Whether this person's key may change stock (read keys see the forms disabled). */
    public boolean mayWrite() {
        return identity.hasRole(Roles.WRITE);
    }
}
