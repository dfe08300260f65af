package io.stockflow.warehouse.service;

import io.stockflow.events.LevelState;
import io.stockflow.events.StockIncoming;
import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.ChangeSet;
import io.stockflow.warehouse.domain.IncomingLine;
import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.domain.Movement;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.persistence.ChangeSetWriter;
import io.stockflow.warehouse.persistence.IncomingRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Incoming lines: expected, received (in parts; each part joins onHand) or cancelled. Every change
 * locks the line's level first, so the level's incoming and next date are recomputed from its open
 * lines as they are, and writes the line, the level, its ledger entry and the event in one transaction.
 */
@ApplicationScoped
public class IncomingService {

    /** A line after a change, and its level after it. */
    public record Changed(IncomingLine line, LevelState level) {
    }

    private final IncomingRepository lines;
    private final InventoryService inventory;
    private final ChangeSetWriter writer;
    private final Clock clock;

    public IncomingService(IncomingRepository lines, InventoryService inventory, ChangeSetWriter writer, Clock clock) {
        this.lines = lines;
        this.inventory = inventory;
        this.writer = writer;
        this.clock = clock;
    }

    @Transactional
    public Changed expect(Commands.ExpectIncoming command, CommandContext context) {
        LevelKey key = new LevelKey(command.productId(), command.warehouseId());
        Instant at = now();
        UUID id = command.incomingId() != null ? command.incomingId() : UUID.randomUUID();
        IncomingLine line = IncomingLine.expect(id, key, command.quantity(), command.expectedAt(), command.reference(), at);
        StockLevel level = inventory.lockForChange(List.of(key)).get(key);
        if (!lines.insert(line, context.actor())) {
            throw new AlreadyExists("incoming line", id);
        }
        return write(context, level, line, command.quantity(),
                level.expectIncoming(line, lines.openLines(key), at), StockIncoming.EXPECTED);
    }

    /** {@code quantity} null receives all that is open. */
    @Transactional
    public Changed receive(UUID id, Long quantity, CommandContext context) {
        Locked locked = lock(id);
        Instant at = now();
        long units = locked.line().receive(quantity, at);
        lines.update(locked.line());
        return write(context, locked.level(), locked.line(), units, locked.level().receiveIncoming(locked.line(), units,
                lines.openLines(locked.level().key()), at), StockIncoming.RECEIVED);
    }

    @Transactional
    public Changed cancel(UUID id, CommandContext context) {
        Locked locked = lock(id);
        Instant at = now();
        long dropped = locked.line().cancel(at);
        lines.update(locked.line());
        return write(context, locked.level(), locked.line(), dropped, locked.level().cancelIncoming(locked.line(),
                dropped, lines.openLines(locked.level().key()), at), StockIncoming.CANCELLED);
    }

    public IncomingLine find(UUID id) {
        return lines.find(id, false).orElseThrow(() -> new NotFound("incoming line", id));
    }

    private record Locked(IncomingLine line, StockLevel level) {
    }

    /** The level first (the lock order of every write), then the line as it is under that lock. */
    private Locked lock(UUID id) {
        LevelKey key = find(id).key();
        StockLevel level = inventory.lockForChange(List.of(key)).get(key);
        return new Locked(lines.find(id, true).orElseThrow(() -> new NotFound("incoming line", id)), level);
    }

    private Changed write(CommandContext context, StockLevel level, IncomingLine line, long units, Movement movement,
            String action) {
        ChangeSet change = new ChangeSet(context.actor(), context.onBehalfOf());
        change.record(level, movement);
        change.emit(new StockIncoming(line.key().productId(), line.key().warehouseId(), line.id(), action, units,
                line.open(), line.expectedAt(), line.reference(), context.actor(), List.of(change.state(level))), level);
        writer.write(change, context.idempotencyKey());
        return new Changed(line, change.state(level));
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
