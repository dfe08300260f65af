package io.stockflow.support.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The secret a request presented in {@code X-API-Key}; never logged (no toString of it). */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public ApiKeyAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[secret hidden]";
    }
}
