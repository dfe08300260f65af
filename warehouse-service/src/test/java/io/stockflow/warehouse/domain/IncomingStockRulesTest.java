package io.stockflow.warehouse.domain;

import static io.stockflow.warehouse.domain.Levels.T0;
import static io.stockflow.warehouse.domain.Levels.T1;
import static io.stockflow.warehouse.domain.Levels.key;
import static io.stockflow.warehouse.domain.Levels.level;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Incoming lines and safety stock on a level, without a database. */
class IncomingStockRulesTest {

    static final Instant MONDAY = Instant.parse("2026-12-07T08:00:00Z");
    static final Instant FRIDAY = Instant.parse("2026-12-11T08:00:00Z");

    static IncomingLine line(long quantity, Instant expectedAt) {
        return IncomingLine.expect(UUID.randomUUID(), key("SKU-1", "WH-1"), quantity, expectedAt, "PO-1", T0);
    }

    @Test
    void anExpectedLineRaisesIncomingAndSetsTheNextDateWithoutTouchingOnHand() {
        StockLevel level = level(10, 2);
        IncomingLine friday = line(20, FRIDAY);
        level.expectIncoming(friday, List.of(friday), T1);
        IncomingLine monday = line(5, MONDAY);

        Movement m = level.expectIncoming(monday, List.of(monday, friday), T1);

        assertThat(level.incoming()).isEqualTo(25);
        assertThat(level.nextIncomingAt()).isEqualTo(MONDAY);
        assertThat(level.onHand()).isEqualTo(10);
        assertThat(level.version()).isEqualTo(5);
        assertThat(m.type()).isEqualTo(MovementType.INCOMING);
        assertThat(m.deltaIncoming()).isEqualTo(5);
        assertThat(m.deltaOnHand()).isZero();
        assertThat(m.incomingId()).isEqualTo(monday.id());
        assertThat(m.reference()).isEqualTo("PO-1");
    }

    @Test
    void aPartialThenAFullReceiptMoveTheLineIntoOnHandWithReasonReceived() {
        StockLevel level = level(10, 2);
        IncomingLine line = line(20, MONDAY);
        level.expectIncoming(line, List.of(line), T1);

        long first = line.receive(8L, T1);
        Movement partial = level.receiveIncoming(line, first, List.of(line), T1);
        assertThat(line.open()).isEqualTo(12);
        assertThat(line.status()).isEqualTo(IncomingLine.Status.OPEN);
        assertThat(level.onHand()).isEqualTo(18);
        assertThat(level.incoming()).isEqualTo(12);
        assertThat(level.nextIncomingAt()).isEqualTo(MONDAY);
        assertThat(partial.type()).isEqualTo(MovementType.RECEIVED);
        assertThat(partial.reason()).isEqualTo("received");
        assertThat(partial.reference()).isEqualTo("PO-1");
        assertThat(partial.deltaOnHand()).isEqualTo(8);
        assertThat(partial.deltaIncoming()).isEqualTo(-8);

        long rest = line.receive(null, T1);
        level.receiveIncoming(line, rest, List.of(), T1);
        assertThat(rest).isEqualTo(12);
        assertThat(line.status()).isEqualTo(IncomingLine.Status.RECEIVED);
        assertThat(level.onHand()).isEqualTo(30);
        assertThat(level.incoming()).isZero();
        assertThat(level.nextIncomingAt()).isNull();
    }

    @Test
    void receivingMoreThanIsOpenIsRefusedAndChangesNothing() {
        IncomingLine line = line(5, MONDAY);
        line.receive(3L, T1);

        assertThatThrownBy(() -> line.receive(3L, T1)).isInstanceOfSatisfying(IncomingLine.Refused.class,
                r -> assertThat(r.field()).isEqualTo("quantity"));
        assertThat(line.received()).isEqualTo(3);
        assertThat(line.open()).isEqualTo(2);
    }

    @Test
    void aLineDueInThePastCannotBeExpected() {
        assertThatThrownBy(() -> IncomingLine.expect(UUID.randomUUID(), key("SKU-1", "WH-1"), 5, T0.minusSeconds(1),
                null, T0)).isInstanceOfSatisfying(IncomingLine.Refused.class,
                        r -> assertThat(r.field()).isEqualTo("expectedAt"));
    }

    @Test
    void aCancelledLineDropsWhatIsOpenAndRefusesAnyFurtherChange() {
        StockLevel level = level(10, 0);
        IncomingLine monday = line(5, MONDAY);
        IncomingLine friday = line(7, FRIDAY);
        level.expectIncoming(monday, List.of(monday), T1);
        level.expectIncoming(friday, List.of(monday, friday), T1);

        long dropped = monday.cancel(T1);
        Movement m = level.cancelIncoming(monday, dropped, List.of(friday), T1);

        assertThat(m.deltaIncoming()).isEqualTo(-5);
        assertThat(level.incoming()).isEqualTo(7);
        assertThat(level.nextIncomingAt()).isEqualTo(FRIDAY);
        assertThat(level.onHand()).isEqualTo(10);
        assertThatThrownBy(() -> monday.receive(null, T1)).isInstanceOf(IncomingLine.NotOpen.class);
        assertThatThrownBy(() -> monday.cancel(T1)).isInstanceOf(IncomingLine.NotOpen.class);
    }

    @Test
    void openLinesThatDoNotAddUpToTheChangeAreAnError() {
        StockLevel level = level(10, 0);
        IncomingLine line = line(5, MONDAY);

        assertThatThrownBy(() -> level.expectIncoming(line, List.of(), T1)).isInstanceOf(IllegalStateException.class);
        assertThat(level.incoming()).isZero();
        assertThat(level.version()).isEqualTo(3);
    }

    @Test
    void safetyStockIsHeldBackFromAvailableFlooredAtZeroAndNeverFromOnHand() {
        StockLevel level = level(10, 4);

        Movement m = level.changeSafetyStock(5, T1);

        assertThat(m.type()).isEqualTo(MovementType.SAFETY_STOCK);
        assertThat(m.deltaOnHand()).isZero();
        assertThat(level.onHand()).isEqualTo(10);
        assertThat(level.available()).isEqualTo(1);
        assertThat(level.state().available()).isEqualTo(1);
        assertThat(level.state().safetyStock()).isEqualTo(5);
        level.changeSafetyStock(50, T1);
        assertThat(level.available()).isZero();
    }

    @Test
    void aReservationMayNotReachIntoSafetyStock() {
        StockLevel level = level(10, 0);
        level.changeSafetyStock(4, T1);

        assertThatThrownBy(() -> level.reserve(7, UUID.randomUUID(), null, T1))
                .isInstanceOfSatisfying(StockRuleViolation.class,
                        v -> assertThat(v.kind()).isEqualTo(StockRuleViolation.Kind.INSUFFICIENT_STOCK));
        level.reserve(6, UUID.randomUUID(), null, T1);
        assertThat(level.reserved()).isEqualTo(6);
        assertThat(level.available()).isZero();
    }

    @Test
    void negativeSafetyStockIsRefused() {
        StockLevel level = level(10, 0);

        assertThatThrownBy(() -> level.changeSafetyStock(-1, T1)).isInstanceOf(QuantityOutOfRange.class);
        assertThat(level.version()).isEqualTo(3);
    }
}
