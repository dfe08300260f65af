package io.stockflow.warehouse.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A reservation's lease rules, without a database. */
class ReservationLeaseTest {

    private static final Instant CREATED = Instant.parse("2026-12-05T10:00:00Z");

    private static Reservation active(Instant expiresAt) {
        return new Reservation(UUID.randomUUID(), Reservation.Status.ACTIVE, "cart-1", expiresAt, CREATED, CREATED,
                List.of(new Reservation.Allocation("SKU-1", "WH-1", 2)));
    }

    @Test
    void anExtensionRunsTheLeaseFromNowAndCountsIt() {
        Reservation reservation = active(CREATED.plusSeconds(60));
        Instant at = CREATED.plusSeconds(50);

        assertThat(reservation.extend(600, at)).isTrue();
        assertThat(reservation.expiresAt()).isEqualTo(at.plusSeconds(600));
        assertThat(reservation.extensions()).isEqualTo(1);
        assertThat(reservation.updatedAt()).isEqualTo(at);

        assertThat(reservation.extend(900, at.plusSeconds(1))).isTrue();
        assertThat(reservation.extensions()).isEqualTo(2);
        assertThat(reservation.expiresAt()).isEqualTo(at.plusSeconds(901));
    }

    @Test
    void aLeaseNeverShortens() {
        Reservation reservation = active(CREATED.plusSeconds(600));

        assertThat(reservation.extend(60, CREATED.plusSeconds(10))).isFalse();
        assertThat(reservation.extend(590, CREATED.plusSeconds(10))).isFalse();
        assertThat(reservation.expiresAt()).isEqualTo(CREATED.plusSeconds(600));
        assertThat(reservation.extensions()).isZero();
        assertThat(reservation.updatedAt()).isEqualTo(CREATED);
    }

    @Test
    void aReservationPastItsExpiryIsNoLongerActiveEvenBeforeTheJobReleasedIt() {
        Reservation reservation = active(CREATED.plusSeconds(60));

        assertThatThrownBy(() -> reservation.extend(600, CREATED.plusSeconds(60)))
                .isInstanceOfSatisfying(Reservation.NotActive.class, refused ->
                        assertThat(refused.reservation().status()).isEqualTo(Reservation.Status.EXPIRED));
        assertThat(reservation.expiresAt()).isEqualTo(CREATED.plusSeconds(60));
        assertThat(reservation.extensions()).isZero();
    }

    @Test
    void anEndedReservationRefusesToExtend() {
        for (Reservation.Status outcome : List.of(Reservation.Status.RELEASED, Reservation.Status.COMMITTED,
                Reservation.Status.EXPIRED)) {
            Reservation reservation = active(CREATED.plusSeconds(600));
            reservation.end(outcome, CREATED.plusSeconds(1));

            assertThatThrownBy(() -> reservation.extend(600, CREATED.plusSeconds(2)))
                    .isInstanceOf(Reservation.NotActive.class)
                    .hasMessageContaining(outcome.wireName());
            assertThat(reservation.extensions()).isZero();
        }
    }

    @Test
    void anExtensionIsALedgerEntryThatMovesNothingButTheVersion() {
        StockLevel level = StockLevel.existing(new LevelKey("SKU-1", "WH-1"), 10, 2, 4, null, 5, false, CREATED);
        UUID reservation = UUID.randomUUID();

        Movement movement = level.extendReservation(reservation, "cart-1", CREATED.plusSeconds(5));

        assertThat(movement.type()).isEqualTo(MovementType.EXTENDED);
        assertThat(movement.deltaOnHand()).isZero();
        assertThat(movement.deltaReserved()).isZero();
        assertThat(movement.versionAfter()).isEqualTo(5);
        assertThat(movement.reservationId()).isEqualTo(reservation);
        assertThat(level.onHand()).isEqualTo(10);
        assertThat(level.reserved()).isEqualTo(2);
    }
}
