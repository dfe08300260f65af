package io.stockflow.catalog.service;

import static io.stockflow.catalog.support.Levels.level;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.events.LevelState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of a page's levels the drift sync sends through the apply script: the rule alone, without Redis. */
class StockSyncBehindTest {

    private final LevelState current = level("SKU-1", "WH-1", 5, 0, 4);
    private final LevelState newer = level("SKU-1", "WH-2", 7, 1, 9);
    private final LevelState missing = level("SKU-1", "WH-3", 1, 0, 1);
    private final LevelState ahead = level("SKU-1", "WH-4", 3, 0, 2);
    private final LevelState ofAnUnknownProduct = level("SKU-2", "WH-1", 2, 0, 1);

    @Test
    void shouldApplyOnlyTheLevelsRedisLacksOrHoldsOlder() {
        Map<String, Map<String, Long>> stored = Map.of("SKU-1", Map.of("WH-1", 4L, "WH-2", 8L, "WH-4", 5L));

        List<LevelState> behind = StockSync.behind(List.of(current, newer, missing, ahead, ofAnUnknownProduct), stored);

        assertThat(behind).as("WH-1 is current, WH-4 ahead (the ahead check's)")
                .containsExactly(newer, missing, ofAnUnknownProduct);
    }

    @Test
    void shouldApplyNothingForAPageTheEventsBroughtAlready() {
        Map<String, Map<String, Long>> stored = Map.of("SKU-1", Map.of("WH-1", 4L, "WH-2", 9L));

        assertThat(StockSync.behind(List.of(current, newer), stored)).isEmpty();
    }
}
