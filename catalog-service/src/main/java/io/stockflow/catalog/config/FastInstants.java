package io.stockflow.catalog.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.stockflow.events.IsoInstants;
import jakarta.inject.Singleton;

/**
 * The warehouse's bulk and recently-updated responses carry an instant per level (200,000 at warm-up):
 * the REST client reads them without the DateTimeFormatter (see {@link IsoInstants}).
 */
@Singleton
public class FastInstants implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(IsoInstants.module());
    }

    /** Last, after Quarkus registers the JavaTimeModule: the module registered last wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
