package io.stockflow.warehouse.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.stockflow.testsupport.TestKeys;

/** Every test of this module runs with authentication on and the test keys (a global test resource). */
@QuarkusTestResource(TestKeys.class)
public final class AuthenticationOn {

    private AuthenticationOn() {
    }
}
