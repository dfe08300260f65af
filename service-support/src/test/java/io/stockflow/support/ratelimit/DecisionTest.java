package io.stockflow.support.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldAllowWithWhatIsLeftAndWhenTheWindowRenews() {
        Decision decision = Decision.of(10, List.of(ConsumptionProbe.consumed(7, 41 * SECOND + 1)));
        assertThat(decision).isEqualTo(new Decision(true, true, 10, 7, 42, 0));
    }

    @Test
    void shouldRefuseWithRetryAfterTheNextRefill() {
        Decision decision = Decision.of(10, List.of(ConsumptionProbe.rejected(0, 12 * SECOND, 12 * SECOND)));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isZero();
        assertThat(decision.retryAfterSeconds()).isEqualTo(12);
        assertThat(decision.resetSeconds()).isEqualTo(12);
    }

    @Test
    void shouldRefuseWhenEitherOfTwoBudgetsIsSpentAndReportTheSmallerRemainder() {
        Decision decision = Decision.of(10, List.of(
                ConsumptionProbe.consumed(4, 30 * SECOND),
                ConsumptionProbe.rejected(0, 5 * SECOND, 5 * SECOND)));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isZero();
        assertThat(decision.retryAfterSeconds()).isEqualTo(5);
        assertThat(decision.resetSeconds()).isEqualTo(30);
    }

    @Test
    void shouldNeverTellARefusedClientToRetryAtOnce() {
        assertThat(Decision.of(10, List.of(ConsumptionProbe.rejected(0, 0, 0))).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void shouldRoundSecondsUp() {
        assertThat(Decision.seconds(0)).isZero();
        assertThat(Decision.seconds(1)).isEqualTo(1);
        assertThat(Decision.seconds(SECOND)).isEqualTo(1);
        assertThat(Decision.seconds(SECOND + 1)).isEqualTo(2);
    }
}
