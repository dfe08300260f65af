package io.stockflow.catalog.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.RedisOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSeedOrderTest {

    @Test
    void shouldAskTheSeedsInTheOrderREDIS_URLNamesThem() {
        RedisSeedOrder order = new RedisSeedOrder(List.of("redis://10.0.0.3:7002", "redis://10.0.0.1:7000", "redis://10.0.0.2"));
        // as Quarkus passes them: out of a set, with the client's name in the query
        RedisOptions options = new RedisOptions().setEndpoints(List.of("redis://10.0.0.1:7000?client=catalog",
                "redis://10.0.0.2?client=catalog", "redis://10.0.0.3:7002?client=catalog"));

        order.customize("<default>", options);

        assertThat(options.getEndpoints()).containsExactly("redis://10.0.0.3:7002?client=catalog",
                "redis://10.0.0.1:7000?client=catalog", "redis://10.0.0.2?client=catalog");
    }

    @Test
    void shouldKeepANodeItCannotPlaceLast() {
        RedisSeedOrder order = new RedisSeedOrder(List.of("redis://b:6379", "redis://a:6379/1"));
        RedisOptions options = new RedisOptions().setEndpoints(List.of("redis://elsewhere:6379", "redis://a:6379/1", "redis://b"));

        order.customize("<default>", options);

        assertThat(options.getEndpoints()).containsExactly("redis://b", "redis://a:6379/1", "redis://elsewhere:6379");
    }
}
