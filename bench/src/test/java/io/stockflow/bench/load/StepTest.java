package io.stockflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepTest {

    @Test
    void shouldSpaceIntendedSendTimesEvenlyAtTheRate() {
        Step step = new Step(4000, Duration.ZERO, Duration.ofSeconds(1));

        assertThat(step.offsetNanos(0)).isZero();
        assertThat(step.offsetNanos(1)).isEqualTo(250_000);
        assertThat(step.offsetNanos(4000)).isEqualTo(1_000_000_000L);
    }

    @Test
    void shouldSendRateTimesLengthRequestsAndMeasureOnlyAfterTheWarmUp() {
        Step step = new Step(1000, Duration.ofSeconds(2), Duration.ofSeconds(10));

        assertThat(step.requests()).isEqualTo(12_000);
        assertThat(step.firstMeasured()).isEqualTo(2_000);
        assertThat(step.offsetNanos(step.firstMeasured())).isEqualTo(2_000_000_000L);
    }

    @Test
    void shouldNotDriftOverLongStepsAtFractionalIntervals() {
        Step step = new Step(3, Duration.ZERO, Duration.ofSeconds(60));

        assertThat(step.offsetNanos(180)).isEqualTo(60_000_000_000L);
        assertThat(step.requests()).isEqualTo(180);
    }
}
