package io.stockflow.support.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.support.ratelimit.RedisWindows.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

    @Test
    void shouldAllowWithWhatIsLeftAndWhenTheWindowRenews() {
        assertThat(Decision.of(10, List.of(new Window(3, 41_001)))).isEqualTo(new Decision(true, true, 10, 7, 42, 0));
    }

    @Test
    void shouldAllowTheLastRequestOfTheBudget() {
        Decision decision = Decision.of(10, List.of(new Window(10, 5_000)));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isZero();
    }

    @Test
    void shouldRefuseOverBudgetWithRetryAfterTheWindowEnds() {
        Decision decision = Decision.of(10, List.of(new Window(11, 12_000)));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isZero();
        assertThat(decision.retryAfterSeconds()).isEqualTo(12);
        assertThat(decision.resetSeconds()).isEqualTo(12);
    }

    @Test
    void shouldRefuseWhenEitherOfTwoBudgetsIsSpentAndReportTheSmallerRemainder() {
        Decision decision = Decision.of(10, List.of(new Window(6, 30_000), new Window(12, 5_000)));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isZero();
        assertThat(decision.retryAfterSeconds()).isEqualTo(5);
        assertThat(decision.resetSeconds()).isEqualTo(30);
    }

    @Test
    void shouldNeverTellARefusedClientToRetryAtOnce() {
        assertThat(Decision.of(10, List.of(new Window(11, 0))).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void shouldRoundSecondsUp() {
        assertThat(Decision.seconds(0)).isZero();
        assertThat(Decision.seconds(1)).isEqualTo(1);
        assertThat(Decision.seconds(1000)).isEqualTo(1);
        assertThat(Decision.seconds(1001)).isEqualTo(2);
        assertThat(Decision.seconds(-1)).isZero();
    }
}
