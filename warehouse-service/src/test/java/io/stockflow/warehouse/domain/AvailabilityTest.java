package io.stockflow.warehouse.domain;

import static io.stockflow.warehouse.domain.Levels.T0;
import static io.stockflow.warehouse.domain.Levels.key;
import static io.stockflow.warehouse.domain.Levels.level;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Available-to-promise from levels, open incoming lines and expiring holds, without a database. */
class AvailabilityTest {

    static final Instant MONDAY = Instant.parse("2026-12-07T08:00:00Z");
    static final Instant WEDNESDAY = Instant.parse("2026-12-09T08:00:00Z");
    static final Instant FRIDAY = Instant.parse("2026-12-11T08:00:00Z");

    static IncomingLine line(String warehouse, long quantity, Instant expectedAt) {
        return new IncomingLine(UUID.randomUUID(), key("SKU-1", warehouse), quantity, 0, expectedAt, null,
                IncomingLine.Status.OPEN, T0, T0);
    }

    /** 3 available now in WH-1, 10 arriving Monday, 5 in WH-2 on Friday. */
    static Availability.Promise promise(long quantity) {
        return Availability.promise(List.of(level("SKU-1", "WH-1", 5, 2), level("SKU-1", "WH-2", 0, 0)),
                List.of(line("WH-1", 10, MONDAY), line("WH-2", 5, FRIDAY)), List.of(), quantity, T0);
    }

    @Test
    void theTimelineCountsUpAsLinesArrive() {
        Availability.Promise promise = promise(1);

        assertThat(promise.available()).isEqualTo(3);
        assertThat(promise.timeline()).containsExactly(new Availability.Point(MONDAY, 13),
                new Availability.Point(FRIDAY, 18));
    }

    @Test
    void aQuantityAvailableNowIsPromisedNow() {
        assertThat(promise(3).promiseDate()).isEqualTo(T0);
    }

    @Test
    void aQuantityBelowWhatWillArriveIsPromisedOnTheFirstDateItIsThere() {
        assertThat(promise(4).promiseDate()).isEqualTo(MONDAY);
        assertThat(promise(13).promiseDate()).isEqualTo(MONDAY);
    }

    @Test
    void aQuantityAtWhatWillArriveIsPromisedOnTheLastArrival() {
        assertThat(promise(18).promiseDate()).isEqualTo(FRIDAY);
    }

    @Test
    void aQuantityBeyondWhatWillArriveCannotBePromised() {
        assertThat(promise(19).promiseDate()).isNull();
    }

    @Test
    void aReservationExpiringBeforeADateGivesItsUnitsBackThen() {
        StockLevel level = level("SKU-1", "WH-1", 5, 4);
        Availability.Promise promise = Availability.promise(List.of(level), List.of(),
                List.of(new Availability.Hold(key("SKU-1", "WH-1"), 4, WEDNESDAY)), 5, T0);

        assertThat(promise.available()).isEqualTo(1);
        assertThat(promise.timeline()).containsExactly(new Availability.Point(WEDNESDAY, 5));
        assertThat(promise.promiseDate()).isEqualTo(WEDNESDAY);
    }

    @Test
    void safetyStockIsHeldBackPerLevelOnEveryDate() {
        StockLevel level = level("SKU-1", "WH-1", 2, 0);
        level.changeSafetyStock(6, T0);
        Availability.Promise promise = Availability.promise(List.of(level), List.of(line("WH-1", 10, MONDAY)),
                List.of(), 6, T0);

        assertThat(promise.available()).isZero();
        assertThat(promise.timeline()).containsExactly(new Availability.Point(MONDAY, 6));
        assertThat(promise.promiseDate()).isEqualTo(MONDAY);
    }

    @Test
    void anOverdueLineCountsFromNow() {
        Availability.Promise promise = Availability.promise(List.of(level("SKU-1", "WH-1", 0, 0)),
                List.of(line("WH-1", 4, T0.minusSeconds(3600))), List.of(), 4, T0);

        assertThat(promise.timeline()).containsExactly(new Availability.Point(T0, 4));
        assertThat(promise.promiseDate()).isEqualTo(T0);
    }
}
