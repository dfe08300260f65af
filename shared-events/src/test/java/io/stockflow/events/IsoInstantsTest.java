package io.stockflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    static final List<String> VALID = List.of("2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1Z",
            "2026-01-02T03:04:05.120Z", "2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05.123456789Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59.999Z", "0001-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z", "2026-01-02T24:00:00Z", "2026-01-02T23:59:60Z", "2026-01-02T03:04:05.Z");
    static final List<String> INVALID = List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-02T03:60:00Z",
            "2026-01-02T03:04:05.1234567890Z", "2026-01-02 03:04:05Z", "2026-01-02T03:04:05", "2026-0a-02T03:04:05Z");

    @Test
    void shouldParseInstantsAsInstantParseDoes() {
        for (String text : VALID) {
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : INVALID) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void shouldDeserializeAsTheJavaTimeModuleDoes() throws Exception {
        ObjectMapper standard = new ObjectMapper().registerModule(new JavaTimeModule());
        ObjectMapper fast = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(IsoInstants.module());
        List<String> documents = new java.util.ArrayList<>();
        VALID.forEach(text -> documents.add("\"" + text + "\""));
        documents.addAll(List.of("\"2026-01-02T03:04:05+02:00\"", "1700000000.5", "1700000000", "null"));
        for (String json : documents) {
            assertThat(fast.readValue(json, Instant.class)).as(json).isEqualTo(standard.readValue(json, Instant.class));
        }
        for (String text : INVALID) {
            String json = "\"" + text + "\"";
            assertThatThrownBy(() -> standard.readValue(json, Instant.class)).as(json).isInstanceOf(InvalidFormatException.class);
            assertThatThrownBy(() -> fast.readValue(json, Instant.class)).as(json).isInstanceOf(InvalidFormatException.class);
        }
    }

    @Test
    void shouldReadEventTimesThroughTheFastPath() throws Exception {
        ObjectMapper events = StockEvents.mapper();
        JsonDeserializer<Object> deserializer = ((DefaultDeserializationContext) events.getDeserializationContext())
                .createInstance(events.getDeserializationConfig(), null, null)
                .findRootValueDeserializer(events.constructType(Instant.class));

        assertThat(deserializer.getClass().getEnclosingClass()).isEqualTo(IsoInstants.class);
    }
}
