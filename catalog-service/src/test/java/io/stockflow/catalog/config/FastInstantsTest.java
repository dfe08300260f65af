package io.stockflow.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.events.IsoInstants;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FastInstantsTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void shouldReadInstantsOfTheRestClientThroughTheFastPath() throws Exception {
        JsonDeserializer<Object> deserializer = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null)
                .findRootValueDeserializer(mapper.constructType(Instant.class));

        // StrictJson's text-only guard wraps whichever reader won; behind it, the fast one
        assertThat(deserializer).isInstanceOf(DelegatingDeserializer.class);
        assertThat(((DelegatingDeserializer) deserializer).getDelegatee().getClass().getEnclosingClass())
                .isEqualTo(IsoInstants.class);
        assertThat(mapper.readValue("\"2026-11-22T10:15:30.123456Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-22T10:15:30.123456Z"));
        assertThatThrownBy(() -> mapper.readValue("4102444800", Instant.class))
                .isInstanceOf(MismatchedInputException.class);
    }
}
