package io.stockflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

    private static BenchConfig only(String selection) {
        return BenchConfig.from(Map.of(), new String[] {"BENCH_COST_ONLY=" + selection});
    }

    @Test
    void selectsEveryCostMeasurementWhenNoneIsNamed() {
        BenchConfig config = BenchConfig.from(Map.of(), new String[0]);

        assertThat(config.costWanted("adjustment")).isTrue();
        assertThat(config.costWanted("catalog GET")).isTrue();
    }

    @Test
    void selectsCostMeasurementsByTheStartOfTheirNames() {
        BenchConfig config = only("event,adjustment, JDBC");

        assertThat(config.costWanted("event, end to end (10-line batches)")).isTrue();
        assertThat(config.costWanted("adjustment, JDBC ceiling")).isTrue();
        assertThat(config.costWanted("adjustment")).isFalse();
        assertThat(config.costWanted("catalog GET")).isFalse();
    }

    @Test
    void selectsOneCostMeasurementByItsWholeNameFollowedByADollar() {
        BenchConfig config = only("adjustment$,catalog GET$");

        assertThat(config.costWanted("adjustment")).isTrue();
        assertThat(config.costWanted("catalog GET")).isTrue();
        assertThat(config.costWanted("adjustment, JDBC ceiling")).isFalse();
        assertThat(config.costWanted("adjustment, minimal transaction (no relay)")).isFalse();
        assertThat(config.costWanted("catalog GET, Redis ceiling")).isFalse();
    }
}
