package io.stockflow.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Authentication is on in every test: a REST Assured request that names no key is sent with the
 * admin key, so tests about something else need not say it; tests about keys name theirs, or
 * {@link TestKeys#NO_KEY} to send none. Installed before each {@code @QuarkusTest} method
 * (META-INF/services).
 */
public class DefaultApiKey implements Filter, QuarkusTestBeforeEachCallback {

    private static final DefaultApiKey FILTER = new DefaultApiKey();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(DefaultApiKey.class::isInstance)) {
            RestAssured.filters(FILTER);
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        String key = request.getHeaders().getValue(TestKeys.HEADER);
        if (key == null) {
            request.header(TestKeys.HEADER, TestKeys.ADMIN);
        } else if (key.equals(TestKeys.NO_KEY)) {
            request.removeHeader(TestKeys.HEADER);
        }
        return context.next(request, response);
    }
}
