package io.stockflow.warehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockflow.support.problem.ErrorType;
import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.IncomingLine;
import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.QuantityOutOfRange;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.service.CommandRunner;
import io.stockflow.warehouse.service.Cursors;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one table from refusals to status and errorType; no database. */
class RefusalsTest {

    @Test
    void eachDomainRefusalHasOneStatusAndErrorType() {
        assertThat(Refusals.errorType(new StockRuleViolation(StockRuleViolation.Kind.VERSION_CONFLICT, "v", List.of())))
                .isEqualTo(ErrorType.VERSION_CONFLICT);
        assertThat(Refusals.errorType(StockRuleViolation.insufficient("short", null)))
                .isEqualTo(ErrorType.INSUFFICIENT_STOCK);
        assertThat(Refusals.errorType(new NotFound("warehouse", "WH-X"))).isEqualTo(ErrorType.NOT_FOUND);
        assertThat(Refusals.errorType(new AlreadyExists("reservation", "r"))).isEqualTo(ErrorType.ALREADY_EXISTS);
        assertThat(Refusals.errorType(new CommandRunner.IdempotencyInProgress("k")))
                .isEqualTo(ErrorType.IDEMPOTENCY_IN_PROGRESS);
        assertThat(Refusals.errorType(new CommandSupport.IdempotencyKeyReuse("k")))
                .isEqualTo(ErrorType.IDEMPOTENCY_KEY_REUSE);
        assertThat(Refusals.errorType(new QuantityOutOfRange("too big")))
                .isEqualTo(ErrorType.VALIDATION_ERROR);
        assertThat(Refusals.errorType(new Cursors.InvalidCursor())).isEqualTo(ErrorType.VALIDATION_ERROR);
        assertThat(Refusals.errorType(new IncomingLine.Refused("quantity", "more than is open")))
                .isEqualTo(ErrorType.VALIDATION_ERROR);
        IncomingLine cancelled = new IncomingLine(UUID.randomUUID(), new LevelKey("SKU-1", "WH-1"), 5, 0,
                Instant.parse("2030-01-07T08:00:00Z"), null, IncomingLine.Status.CANCELLED, Instant.EPOCH, Instant.EPOCH);
        assertThat(Refusals.errorType(new IncomingLine.NotOpen(cancelled))).isEqualTo(ErrorType.INCOMING_NOT_OPEN);
        assertThat(ErrorType.INCOMING_NOT_OPEN.status()).isEqualTo(409);
    }

    @Test
    void anUnexpectedExceptionIsNoRefusal() {
        assertThatThrownBy(() -> Refusals.errorType(new IllegalStateException("bug")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
