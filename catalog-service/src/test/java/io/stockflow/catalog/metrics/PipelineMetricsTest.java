package io.stockflow.catalog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    @Test
    void eventTimeIsTheCloudEventTimeHeaderInEpochMillis() {
        assertThat(PipelineMetrics.eventTime(withTime("2026-12-06T06:30:00.123456Z")))
                .isEqualTo(Instant.parse("2026-12-06T06:30:00.123Z").toEpochMilli());
        assertThat(PipelineMetrics.eventTime(withTime("2026-12-06T06:30:00Z")))
                .isEqualTo(Instant.parse("2026-12-06T06:30:00Z").toEpochMilli());
    }

    @Test
    void eventTimeReadsAnOffsetTheWayInstantParseDoes() {
        assertThat(PipelineMetrics.eventTime(withTime("2026-12-06T07:30:00+01:00")))
                .isEqualTo(Instant.parse("2026-12-06T06:30:00Z").toEpochMilli());
    }

    @Test
    void eventTimeIsZeroWithoutAReadableTimeHeader() {
        assertThat(PipelineMetrics.eventTime(new ConsumerRecord<>("t", 0, 0, "k", new byte[0]))).isZero();
        assertThat(PipelineMetrics.eventTime(withTime("yesterday"))).isZero();
    }

    private static ConsumerRecord<String, byte[]> withTime(String time) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("t", 0, 0, "k", new byte[0]);
        record.headers().add(PipelineMetrics.TIME_HEADER, time.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
