package io.stockflow.warehouse.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockflow.events.LevelState;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.warehouse.domain.IncomingLine;
import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.edge.Refusals;
import io.stockflow.warehouse.service.IncomingService;
import io.stockflow.warehouse.service.Outcomes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The contract's JSON shapes of what the commands answer with, rendered from the services' domain
 * results; the reads' results (service/StockReads) are written as they are, see JsonShapes.
 */
public final class Views {

    private Views() {
    }

    public record Transferred(LevelState from, LevelState to) {
        public static Transferred of(Outcomes.Transferred transferred) {
            return new Transferred(transferred.from(), transferred.to());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReservationView(UUID reservationId, String status, String reference, Instant expiresAt,
            int extensions, Instant createdAt, Instant updatedAt, List<Reservation.Allocation> allocations) {
        public static ReservationView of(Reservation r) {
            return new ReservationView(r.id(), r.status().wireName(), r.reference(), r.expiresAt(), r.extensions(),
                    r.createdAt(), r.updatedAt(), r.allocations());
        }
    }

    /** An incoming line; {@code level} (the level after the change) on a command's answer only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IncomingView(UUID incomingId, String productId, String warehouseId, long quantity, long received,
            long open, Instant expectedAt, String status, String reference, Instant createdAt, Instant updatedAt,
            LevelState level) {
        public static IncomingView of(IncomingLine line, LevelState level) {
            return new IncomingView(line.id(), line.key().productId(), line.key().warehouseId(), line.quantity(),
                    line.received(), line.open(), line.expectedAt(), line.status().wireName(), line.reference(),
                    line.createdAt(), line.updatedAt(), level);
        }

        public static IncomingView of(IncomingService.Changed changed) {
            return of(changed.line(), changed.level());
        }
    }

    public record Warehouses(List<io.stockflow.warehouse.domain.Warehouse> items) {
    }

    /** One line of a batch: the level after it, or why it was refused. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchLine(int index, boolean success, LevelState level, LineError error) {
        static BatchLine of(Outcomes.BatchLine line) {
            return line.isApplied() ? new BatchLine(line.index(), true, line.level(), null)
                    : new BatchLine(line.index(), false, null, LineError.of(line.refusal(), line.current()));
        }
    }

    /** A refused line's status and errorType, as a whole request refused alike would have them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineError(int status, String errorType, String detail, List<LevelState> current) {
        static LineError of(RuntimeException refusal, List<LevelState> current) {
            ErrorType type = Refusals.errorType(refusal);
            return new LineError(type.status(), type.id(), refusal.getMessage(), current);
        }
    }

    public record BatchSummary(int total, int applied, int failed) {
    }

    public record BatchResult(boolean atomic, List<BatchLine> results, BatchSummary summary) {
        public static BatchResult of(Outcomes.Batch batch) {
            int total = batch.lines().size();
            int applied = batch.applied();
            return new BatchResult(batch.atomic(), batch.lines().stream().map(BatchLine::of).toList(),
                    new BatchSummary(total, applied, total - applied));
        }
    }
}
