package io.stockflow.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The drift sync's page size as shipped, read from the catalog's own application.properties without the test
 * profile (which takes 250-level pages so that a few hundred levels cross page boundaries).
 */
class SyncPageSizeTest {

    private static CatalogConfig configAsShipped(String profile) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(SyncPageSizeTest.class.getResource("/application.properties"), 250))
                .withProfile(profile)
                .withConverter(Duration.class, 100, new DurationConverter()) // "100ms", as Quarkus reads it
                .withMapping(CatalogConfig.class)
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(CatalogConfig.class);
    }

    @Test
    void shouldAskTheWarehouseForTheLargestPageItServesByDefault() throws IOException {
        // a call costs something besides its levels: the largest page is the cheapest per level (bench/README)
        assertThat(configAsShipped("prod").sync().pageSize()).isEqualTo(1000);
        assertThat(configAsShipped("test").sync().pageSize()).isEqualTo(250);
    }
}
