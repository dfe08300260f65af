package io.stockflow.warehouse.domain;

import static io.stockflow.warehouse.domain.Levels.T1;
import static io.stockflow.warehouse.domain.Levels.level;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.events.LowStock;
import io.stockflow.events.StockAdjusted;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

    private static StockAdjusted adjusted(ChangeSet changes, StockLevel level, long delta) {
        return new StockAdjusted(level.key().productId(), level.key().warehouseId(), delta, "sold", null, null,
                changes.actor(), List.of(changes.state(level)));
    }

    @Test
    void recordsEachTouchedLevelOnceAndEveryMovementInOrder() {
        ChangeSet changes = new ChangeSet("alice", null);
        StockLevel a = level(50, 0);

        changes.record(a, a.adjust(-1, Reason.SOLD, null, T1));
        changes.record(a, a.adjust(-2, Reason.SOLD, null, T1));

        assertThat(changes.touchedLevels()).containsExactly(a);
        assertThat(changes.movements()).extracting(Movement::versionAfter).containsExactly(4L, 5L);
        assertThat(changes.isEmpty()).isFalse();
    }

    @Test
    void aChangeThatLeavesALevelBelowItsThresholdAddsOneLowStockEventAfterTheCommandsOwn() {
        ChangeSet changes = new ChangeSet("alice", null);
        StockLevel level = level(12, 0);
        changes.record(level, level.adjust(-5, Reason.SOLD, null, T1));

        changes.emit(adjusted(changes, level, -5), level);

        assertThat(changes.events()).hasSize(2);
        assertThat(changes.events().get(0)).isInstanceOf(StockAdjusted.class);
        assertThat(changes.events().get(1)).isInstanceOfSatisfying(LowStock.class, low -> {
            assertThat(low.available()).isEqualTo(7);
            assertThat(low.threshold()).isEqualTo(10);
            assertThat(low.actor()).isEqualTo("alice");
        });
    }

    @Test
    void aLevelAlreadyBelowItsThresholdRaisesNoSecondAlert() {
        ChangeSet first = new ChangeSet("alice", null);
        StockLevel level = level(12, 0);
        first.record(level, level.adjust(-5, Reason.SOLD, null, T1));
        first.emit(adjusted(first, level, -5), level);

        ChangeSet second = new ChangeSet("bob", null);
        second.record(level, level.adjust(-1, Reason.SOLD, null, T1));
        second.emit(adjusted(second, level, -1), level);

        assertThat(second.events()).hasSize(1).first().isInstanceOf(StockAdjusted.class);
    }

    @Test
    void eventsCarryTheLevelAsTheChangeLeftItWithTheEffectiveThreshold() {
        ChangeSet changes = new ChangeSet("alice", null);
        StockLevel level = level(40, 5);
        changes.record(level, level.adjust(3, Reason.RECEIVED, null, T1));

        var state = changes.state(level);

        assertThat(state.onHand()).isEqualTo(43);
        assertThat(state.reserved()).isEqualTo(5);
        assertThat(state.version()).isEqualTo(4);
        assertThat(state.lowStockThreshold()).isEqualTo(10);
    }

    @Test
    void aChangeSetWithNoMovementIsEmpty() {
        assertThat(new ChangeSet("alice", null).isEmpty()).isTrue();
    }
}
