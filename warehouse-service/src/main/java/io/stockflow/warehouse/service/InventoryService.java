package io.stockflow.warehouse.service;

import io.stockflow.events.LevelState;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockTransferred;
import io.stockflow.events.StockUpdated;
import io.stockflow.warehouse.domain.ChangeSet;
import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.domain.Movement;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.QuantityOutOfRange;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.persistence.ChangeSetWriter;
import io.stockflow.warehouse.persistence.StockLevelRepository;
import io.stockflow.warehouse.persistence.WarehouseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Stock changes: adjustments (single and batch), absolute sets, thresholds, safety stock and transfers. */
@ApplicationScoped
public class InventoryService {

    private final StockLevelRepository levels;
    private final WarehouseRepository warehouses;
    private final ChangeSetWriter writer;
    private final Clock clock;

    public InventoryService(StockLevelRepository levels, WarehouseRepository warehouses, ChangeSetWriter writer,
            Clock clock) {
        this.levels = levels;
        this.warehouses = warehouses;
        this.writer = writer;
        this.clock = clock;
    }

    @Transactional
    public LevelState adjust(Commands.Adjust command, CommandContext context) {
        LevelKey key = new LevelKey(command.productId(), command.warehouseId());
        StockLevel level = lockForChange(List.of(key)).get(key);
        ChangeSet change = newChange(context);
        applyAdjustment(change, level, command, now());
        writer.write(change, context.idempotencyKey());
        return change.state(level);
    }

    /**
     * Applies up to {@code maxBatchSize} adjustments under one set of locks. Atomic: the first
     * refused line refuses the batch. Otherwise each line stands alone; a refused line changes nothing.
     */
    @Transactional
    public Outcomes.Batch adjustBatch(List<Commands.Adjust> lines, boolean atomic, CommandContext context) {
        Set<LevelKey> keys = lines.stream().map(l -> new LevelKey(l.productId(), l.warehouseId()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        // an unknown warehouse is refused per line, so an atomic refusal names the line as any other
        Map<LevelKey, StockLevel> locked = lockKnown(keys, new LinkedHashSet<>());

        ChangeSet change = newChange(context);
        Instant at = now();
        List<Outcomes.BatchLine> results = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Commands.Adjust line = lines.get(i);
            StockLevel level = locked.get(new LevelKey(line.productId(), line.warehouseId()));
            try {
                if (level == null) {
                    throw new NotFound("warehouse", line.warehouseId());
                }
                applyAdjustment(change, level, line, at);
                results.add(Outcomes.BatchLine.applied(i, change.state(level)));
            } catch (StockRuleViolation | NotFound | QuantityOutOfRange refused) {
                if (atomic) {
                    throw new BatchRefused(i, refused);
                }
                results.add(Outcomes.BatchLine.refused(i, refused, current(refused)));
            }
        }
        writer.write(change, context.idempotencyKey());
        if (!atomic) {
            levels.deleteUnusedPlaceholders(keys);
        }
        return new Outcomes.Batch(atomic, results);
    }

    @Transactional
    public LevelState set(Commands.SetOnHand command, CommandContext context) {
        LevelKey key = new LevelKey(command.productId(), command.warehouseId());
        StockLevel level = lockForChange(List.of(key)).get(key);
        if (command.expectedVersion() != null) {
            level.expectVersion(command.expectedVersion());
        }
        ChangeSet change = newChange(context);
        long previous = level.onHand();
        change.record(level, level.set(command.onHand(), command.reason(), now()));
        change.emit(new StockUpdated(key.productId(), key.warehouseId(), previous, command.onHand(),
                command.reason().wireName(), context.actor(), List.of(change.state(level))), level);
        writer.write(change, context.idempotencyKey());
        return change.state(level);
    }

    @Transactional
    public LevelState changeThreshold(String productId, String warehouseId, long threshold, CommandContext context) {
        return changeSetting(new LevelKey(productId, warehouseId), "threshold",
                level -> level.changeThreshold(threshold, now()), context);
    }

    /** Holds {@code safetyStock} units back from available (reservations and transfers respect it); onHand stays. */
    @Transactional
    public LevelState changeSafetyStock(String productId, String warehouseId, long safetyStock, CommandContext context) {
        return changeSetting(new LevelKey(productId, warehouseId), "safety_stock",
                level -> level.changeSafetyStock(safetyStock, now()), context);
    }

    /** A level setting that moves no stock: one ledger entry, told as an update with onHand unchanged. */
    private LevelState changeSetting(LevelKey key, String reason, Function<StockLevel, Movement> change,
            CommandContext context) {
        StockLevel level = lockForChange(List.of(key)).get(key);
        ChangeSet set = newChange(context);
        set.record(level, change.apply(level));
        set.emit(new StockUpdated(key.productId(), key.warehouseId(), level.onHand(), level.onHand(), reason,
                context.actor(), List.of(set.state(level))), level);
        writer.write(set, context.idempotencyKey());
        return set.state(level);
    }

    /** Both levels in one transaction; locks are taken in key order, so crossing transfers never deadlock. */
    @Transactional
    public Outcomes.Transferred transfer(Commands.Transfer command, CommandContext context) {
        LevelKey fromKey = new LevelKey(command.productId(), command.fromWarehouseId());
        LevelKey toKey = new LevelKey(command.productId(), command.toWarehouseId());
        Map<LevelKey, StockLevel> locked = lockForChange(List.of(fromKey, toKey));
        StockLevel from = locked.get(fromKey);
        StockLevel to = locked.get(toKey);
        ChangeSet change = newChange(context);
        Instant at = now();
        change.record(from, from.transferOut(command.quantity(), command.reference(), at));
        change.record(to, to.transferIn(command.quantity(), command.reference(), at));
        change.emit(new StockTransferred(command.productId(), command.fromWarehouseId(), command.toWarehouseId(),
                command.quantity(), command.reference(), context.actor(),
                List.of(change.state(from), change.state(to))), from, to);
        writer.write(change, context.idempotencyKey());
        return new Outcomes.Transferred(change.state(from), change.state(to));
    }

    private void applyAdjustment(ChangeSet change, StockLevel level, Commands.Adjust command, Instant at) {
        if (command.expectedVersion() != null) {
            level.expectVersion(command.expectedVersion());
        }
        change.record(level, level.adjust(command.delta(), command.reason(), command.reference(), at));
        change.emit(new StockAdjusted(command.productId(), command.warehouseId(), command.delta(),
                command.reason().wireName(), command.reference(), null, change.actor(),
                List.of(change.state(level))), level);
    }

    /** Locks the levels, creating absent ones; an unknown warehouse refuses the whole change. */
    Map<LevelKey, StockLevel> lockForChange(Collection<LevelKey> keys) {
        Set<String> unknown = new LinkedHashSet<>();
        Map<LevelKey, StockLevel> locked = lockKnown(keys, unknown);
        if (!unknown.isEmpty()) {
            throw new NotFound("warehouse", unknown.iterator().next());
        }
        return locked;
    }

    /** Locks the levels, creating absent ones in known warehouses; collects the unknown warehouses. */
    private Map<LevelKey, StockLevel> lockKnown(Collection<LevelKey> keys, Set<String> unknownWarehouses) {
        Map<LevelKey, StockLevel> locked = new HashMap<>(levels.lock(keys));
        List<LevelKey> missing = keys.stream().filter(k -> !locked.containsKey(k)).distinct().toList();
        if (!missing.isEmpty()) {
            Set<String> known = warehouses.existing(missing.stream().map(LevelKey::warehouseId).distinct().toList());
            missing.stream().map(LevelKey::warehouseId).filter(w -> !known.contains(w)).forEach(unknownWarehouses::add);
            List<LevelKey> creatable = missing.stream().filter(k -> known.contains(k.warehouseId())).toList();
            if (!creatable.isEmpty()) {
                locked.putAll(levels.createAndLock(creatable));
            }
        }
        return locked;
    }

    private static ChangeSet newChange(CommandContext context) {
        return new ChangeSet(context.actor(), context.onBehalfOf());
    }

    /** The levels a refused line names, as they are now: a later line may still change them. */
    private static List<LevelState> current(RuntimeException refused) {
        return refused instanceof StockRuleViolation violation
                ? violation.current().stream().map(StockLevel::state).toList()
                : null;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /** An atomic batch refused because of one line; nothing of it was applied. */
    public static class BatchRefused extends RuntimeException {
        private final int index;

        public BatchRefused(int index, RuntimeException cause) {
            super("line " + index + ": " + cause.getMessage(), cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }
}
