package io.stockflow.warehouse.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.events.LevelState;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.service.Outcomes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch's lines as the contract shows them, refused ones typed by edge/Refusals' table; no database. */
class BatchResultTest {

    private static final LevelState LEVEL = LevelState.of("SKU-1", "WH-1", 5, 0, 2, 10,
            Instant.parse("2026-12-05T10:00:00Z"));

    @Test
    void aBatchRendersRefusedLinesWithTheStatusAndErrorTypeOfTheTable() {
        Outcomes.Batch batch = new Outcomes.Batch(false, List.of(
                Outcomes.BatchLine.applied(0, LEVEL),
                Outcomes.BatchLine.refused(1, StockRuleViolation.insufficient("short", null), List.of(LEVEL)),
                Outcomes.BatchLine.refused(2, new NotFound("warehouse", "WH-X"), null)));

        Views.BatchResult result = Views.BatchResult.of(batch);

        assertThat(result.summary()).isEqualTo(new Views.BatchSummary(3, 1, 2));
        assertThat(result.results().get(0)).isEqualTo(new Views.BatchLine(0, true, LEVEL, null));
        assertThat(result.results().get(1).error())
                .isEqualTo(new Views.LineError(409, "insufficient_stock", "short", List.of(LEVEL)));
        assertThat(result.results().get(2).error())
                .isEqualTo(new Views.LineError(404, "not_found", "warehouse 'WH-X' does not exist", null));
    }
}
