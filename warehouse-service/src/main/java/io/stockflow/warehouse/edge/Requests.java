package io.stockflow.warehouse.edge;

import io.stockflow.events.Ids;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.Reason;
import io.stockflow.warehouse.service.Commands;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Request bodies as the contract fixes them, with the rules every field must meet, and the commands
 * they stand for: the API's JSON and the console's forms are read into them alike.
 */
public final class Requests {

    /** The one id rule of both services (shared-events' {@link Ids}), named short for the annotations below. */
    public static final String ID = Ids.PATTERN;
    public static final String ID_MESSAGE = Ids.MESSAGE;
    public static final String REASON = "received|sold|returned|damaged|shrinkage|correction|cycle_count|other";
    public static final String REASON_MESSAGE = "must be one of received, sold, returned, damaged, shrinkage, "
            + "correction, cycle_count, other";

    private Requests() {
    }

    public record CreateWarehouse(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String warehouseId,
            @NotBlank @Size(max = 256) String name) {
    }

    public record Adjustment(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String productId,
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String warehouseId,
            @NotNull @NonZero Long delta,
            @NotNull @Pattern(regexp = REASON, message = REASON_MESSAGE) String reason,
            @Size(max = 256) String reference,
            @PositiveOrZero Long expectedVersion) {

        public Commands.Adjust command() {
            return new Commands.Adjust(productId, warehouseId, delta, Reason.fromWireName(reason), reference,
                    expectedVersion);
        }
    }

    public record AdjustmentBatch(
            @NotNull @NotEmpty List<@NotNull @Valid Adjustment> adjustments,
            Boolean atomic) {
    }

    public record SetOnHand(
            @NotNull @PositiveOrZero Long onHand,
            @NotNull @Pattern(regexp = REASON, message = REASON_MESSAGE) String reason,
            @PositiveOrZero Long expectedVersion) {

        /** @param expected the version the level must be at: this body's, or the one the request names otherwise */
        public Commands.SetOnHand command(String productId, String warehouseId, Long expected) {
            return new Commands.SetOnHand(productId, warehouseId, onHand, Reason.fromWireName(reason), expected);
        }
    }

    public record Threshold(@NotNull @PositiveOrZero Long lowStockThreshold) {
    }

    public record SafetyStock(@NotNull @PositiveOrZero Long safetyStock) {
    }

    public record Incoming(
            UUID incomingId,
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String productId,
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String warehouseId,
            @NotNull @Positive Long quantity,
            @NotNull Instant expectedAt,
            @Size(max = 256) String reference) {
    }

    public record Receive(@Positive Long quantity) {
    }

    public record Transfer(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String productId,
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String fromWarehouseId,
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String toWarehouseId,
            @NotNull @Positive Long quantity,
            @Size(max = 256) String reference) {

        /** The transfer to run; one from a warehouse to itself is refused, a rule beyond each field's own. */
        public Commands.Transfer command() {
            if (fromWarehouseId.equals(toWarehouseId)) {
                throw new ProblemException(Problem.validation("toWarehouseId", "must differ from fromWarehouseId"));
            }
            return new Commands.Transfer(productId, fromWarehouseId, toWarehouseId, quantity, reference);
        }
    }

    public record Reservation(
            UUID reservationId,
            @NotNull @NotEmpty List<@NotNull @Valid ReservationLine> lines,
            @Positive Long ttlSeconds,
            @Size(max = 256) String reference) {
    }

    /** A lease: the reservation runs {@code ttlSeconds} from now (at most the configured maximum). */
    public record Extension(@NotNull @Positive Long ttlSeconds) {
    }

    public record ReservationLine(
            @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String productId,
            @Pattern(regexp = ID, message = ID_MESSAGE) String warehouseId,
            @NotNull @Positive Long quantity) {
    }

    public record BulkStock(
            @NotNull @NotEmpty List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> productIds,
            @Pattern(regexp = ID, message = ID_MESSAGE) String warehouseId,
            Boolean includeWarehouses) {
    }

    public record RecentlyUpdated(
            Instant since,
            @Size(max = 512) String cursor,
            @Pattern(regexp = ID, message = ID_MESSAGE) String warehouseId,
            @Positive Integer limit) {
    }

    public record DemoData(
            @NotNull @Positive Integer warehouses,
            @NotNull @Positive Integer products) {
    }

    /** A lease of {@code ttlSeconds}, refused beyond the longest this warehouse grants. */
    public static long withinMaxTtl(long ttlSeconds, Duration max) {
        if (ttlSeconds > max.toSeconds()) {
            throw new ProblemException(Problem.validation("ttlSeconds", "must be at most " + max.toSeconds()));
        }
        return ttlSeconds;
    }

    /** The id a path or form names; a malformed one names nothing of that kind: 404, as for any unknown one. */
    public static UUID id(String kind, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new NotFound(kind, value);
        }
    }
}
