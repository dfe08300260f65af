package io.stockflow.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which request targets the HTTP layer refuses before any resource runs. */
class HttpLimitsTest {

    @Test
    void shouldRefuseControlCharactersEvenPercentEncoded() {
        assertThat(HttpLimits.uriFault("/v1/inventory/product/SKU%00x")).contains("control");
        assertThat(HttpLimits.uriFault("/v1/products?category=a%0Ab")).contains("control");
        assertThat(HttpLimits.uriFault("/v1/products/SKU%7f")).contains("control");
        assertThat(HttpLimits.uriFault("/v1/products/SKU%1B")).contains("control");
        assertThat(HttpLimits.uriFault("/v1/products/SKU\u0001")).contains("control");
    }

    @Test
    void shouldRefuseAPercentNotFollowedByTwoHexDigits() {
        assertThat(HttpLimits.uriFault("/v1/products/SKU%ZZ")).contains("'%'");
        assertThat(HttpLimits.uriFault("/v1/products/SKU%4")).contains("'%'");
        assertThat(HttpLimits.uriFault("/v1/products/SKU%")).contains("'%'");
    }

    @Test
    void shouldLetOrdinaryTargetsThrough() {
        assertThat(HttpLimits.uriFault("/v1/products/SKU-000001")).isNull();
        assertThat(HttpLimits.uriFault("/v1/products?limit=10&cursor=U0tVLTE&category=Outdoor%20Gear")).isNull();
        assertThat(HttpLimits.uriFault("/v1/products/SK%C3%9C")).isNull(); // UTF-8: the id rule refuses it later
        assertThat(HttpLimits.uriFault("/v1/inventory/product/%7BSKU%7D")).isNull();
    }
}
