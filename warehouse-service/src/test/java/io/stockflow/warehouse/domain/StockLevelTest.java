package io.stockflow.warehouse.domain;

import static io.stockflow.warehouse.domain.Levels.T1;
import static io.stockflow.warehouse.domain.Levels.level;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class StockLevelTest {

    @Test
    void anAdjustmentMovesOnHandBumpsTheVersionByOneAndExplainsItself() {
        StockLevel level = level(10, 2);

        Movement m = level.adjust(-3, Reason.DAMAGED, "ref-1", T1);

        assertThat(level.onHand()).isEqualTo(7);
        assertThat(level.version()).isEqualTo(4);
        assertThat(level.updatedAt()).isEqualTo(T1);
        assertThat(m.type()).isEqualTo(MovementType.ADJUSTED);
        assertThat(m.deltaOnHand()).isEqualTo(-3);
        assertThat(m.onHandAfter()).isEqualTo(7);
        assertThat(m.versionAfter()).isEqualTo(4);
        assertThat(m.reason()).isEqualTo("damaged");
        assertThat(m.reference()).isEqualTo("ref-1");
    }

    @Test
    void anAdjustmentBelowWhatIsReservedIsRefusedAndChangesNothing() {
        StockLevel level = level(10, 8);

        assertThatThrownBy(() -> level.adjust(-3, Reason.SOLD, null, T1))
                .isInstanceOfSatisfying(StockRuleViolation.class, v -> {
                    assertThat(v.kind()).isEqualTo(StockRuleViolation.Kind.INSUFFICIENT_STOCK);
                    assertThat(v.getMessage()).contains("below the 8 reserved");
                    assertThat(v.current()).containsExactly(level);
                });
        assertThat(level.onHand()).isEqualTo(10);
        assertThat(level.version()).isEqualTo(3);
    }

    @Test
    void onHandNeverFallsBelowZero() {
        StockLevel level = level(2, 0);

        assertThatThrownBy(() -> level.adjust(-3, Reason.SOLD, null, T1)).isInstanceOf(StockRuleViolation.class)
                .hasMessageContaining("fall to -1");
        assertThat(level.onHand()).isEqualTo(2);
    }

    @Test
    void anAdjustmentThatWouldOverflowIsRefusedAsOutOfRange() {
        StockLevel level = level(Long.MAX_VALUE - 1, 0);

        assertThatThrownBy(() -> level.adjust(5, Reason.RECEIVED, null, T1))
                .isInstanceOf(QuantityOutOfRange.class);
        assertThat(level.version()).isEqualTo(3);
    }

    @Test
    void aLevelThatDidNotExistComesIntoBeingAtVersionOne() {
        StockLevel level = StockLevel.absent(Levels.key("SKU-9", "WH-9"), Levels.DEFAULT_THRESHOLD);
        assertThat(level.exists()).isFalse();

        level.adjust(5, Reason.RECEIVED, null, T1);

        assertThat(level.exists()).isTrue();
        assertThat(level.version()).isEqualTo(1);
    }

    @Test
    void aCountSetsOnHandButNeverBelowWhatIsReserved() {
        StockLevel level = level(10, 4);

        Movement m = level.set(6, Reason.CYCLE_COUNT, T1);
        assertThat(m.deltaOnHand()).isEqualTo(-4);
        assertThat(level.onHand()).isEqualTo(6);

        assertThatThrownBy(() -> level.set(3, Reason.CYCLE_COUNT, T1)).isInstanceOf(StockRuleViolation.class);
        assertThat(level.onHand()).isEqualTo(6);
    }

    @Test
    void aStaleExpectedVersionIsAConflictThatCarriesTheLevelAsItIs() {
        StockLevel level = level(10, 0);

        assertThatThrownBy(() -> level.expectVersion(2)).isInstanceOfSatisfying(StockRuleViolation.class, v -> {
            assertThat(v.kind()).isEqualTo(StockRuleViolation.Kind.VERSION_CONFLICT);
            assertThat(v.current()).containsExactly(level);
        });
        level.expectVersion(3);
    }

    @Test
    void reservingTakesFromAvailableOnlyAndReleasingGivesItBack() {
        StockLevel level = level(10, 2);
        UUID reservation = UUID.randomUUID();

        level.reserve(5, reservation, "cart", T1);
        assertThat(level.reserved()).isEqualTo(7);
        assertThat(level.available()).isEqualTo(3);
        assertThatThrownBy(() -> level.reserve(4, reservation, "cart", T1)).isInstanceOf(StockRuleViolation.class)
                .hasMessageContaining("only 3 available");

        Movement released = level.release(5, reservation, MovementType.RELEASED, T1);
        assertThat(released.deltaReserved()).isEqualTo(-5);
        assertThat(level.onHand()).isEqualTo(10);
        assertThat(level.available()).isEqualTo(8);
    }

    @Test
    void committingAReservationTakesTheGoodsOutOfOnHandAndReserved() {
        StockLevel level = level(10, 4);

        Movement m = level.commitReserved(3, UUID.randomUUID(), "order-1", T1);

        assertThat(level.onHand()).isEqualTo(7);
        assertThat(level.reserved()).isEqualTo(1);
        assertThat(m.reason()).isEqualTo("sold");
        assertThatThrownBy(() -> level.commitReserved(2, UUID.randomUUID(), null, T1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTransferOutNeedsAvailableStockAndATransferInOnlyAdds() {
        StockLevel from = level(5, 3);
        StockLevel to = level("SKU-1", "WH-2", 0, 0);

        assertThatThrownBy(() -> from.transferOut(3, null, T1)).isInstanceOf(StockRuleViolation.class);
        from.transferOut(2, "t-1", T1);
        to.transferIn(2, "t-1", T1);

        assertThat(from.onHand() + to.onHand()).isEqualTo(5);
        assertThat(from.available()).isZero();
    }

    @Test
    void aThresholdChangeIsAChangeOfTheLevel() {
        StockLevel level = level(10, 0);

        Movement m = level.changeThreshold(25, T1);

        assertThat(m.type()).isEqualTo(MovementType.THRESHOLD);
        assertThat(level.version()).isEqualTo(4);
        assertThat(level.effectiveThreshold()).isEqualTo(25);
    }

    @Test
    void theLowStockAlertFiresOnceWhenAvailableFallsBelowTheThresholdAndReArmsAfterRecovering() {
        StockLevel level = level(12, 0);
        assertThat(level.crossedIntoLowStockSinceReported()).isFalse();

        level.adjust(-3, Reason.SOLD, null, T1);
        assertThat(level.crossedIntoLowStockSinceReported()).isTrue();
        level.adjust(-1, Reason.SOLD, null, T1);
        assertThat(level.crossedIntoLowStockSinceReported()).isFalse();
        assertThat(level.lowStock()).isTrue();

        level.adjust(20, Reason.RECEIVED, null, T1);
        assertThat(level.crossedIntoLowStockSinceReported()).isFalse();
        assertThat(level.lowStock()).isFalse();
        level.adjust(-20, Reason.SOLD, null, T1);
        assertThat(level.crossedIntoLowStockSinceReported()).isTrue();
    }

    @Test
    void everyChangeSetsTheLowStockFlagItselfEvenWhenNoAlertIsAskedFor() {
        StockLevel level = level(12, 0);

        level.reserve(3, java.util.UUID.randomUUID(), null, T1);
        assertThat(level.lowStock()).isTrue();

        level.changeThreshold(5, T1);
        assertThat(level.lowStock()).isFalse();
        assertThat(level.state().lowStockThreshold()).isEqualTo(5);
    }
}
