package io.stockflow.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogRedisLayoutTest {

    @Test
    void shouldNameALevelKeyWithTheProductHashTag() {
        assertThat(CatalogRedisLayout.levelKey("SKU-000042", "WH-07")).isEqualTo("catalog:stock:{SKU-000042}:warehouse:WH-07");
    }

    @Test
    void shouldFindTheLevelKeyInAKeyspaceChannelOfThePattern() {
        String pattern = CatalogRedisLayout.levelNotifications(0);
        String channel = "__keyspace@0__:catalog:stock:{SKU-000042}:warehouse:WH-07";

        assertThat(pattern).isEqualTo("__keyspace@0__:catalog:stock:{*}:warehouse:*");
        assertThat(CatalogRedisLayout.levelKeyOfChannel(channel)).contains("catalog:stock:{SKU-000042}:warehouse:WH-07");
        assertThat(CatalogRedisLayout.levelKeyOfChannel("__keyspace@0__:catalog:stock:{SKU-000042}:total")).isEmpty();
    }

    @Test
    void shouldReadAMissingVersionAsZero() {
        assertThat(CatalogRedisLayout.version(null)).isZero();
    }
}
