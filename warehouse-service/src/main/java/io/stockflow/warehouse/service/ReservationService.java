package io.stockflow.warehouse.service;

import io.stockflow.events.LevelState;
import io.stockflow.events.ReservationExtended;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockReleased;
import io.stockflow.events.StockReserved;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.AlreadyExists;
import io.stockflow.warehouse.domain.Allocator;
import io.stockflow.warehouse.domain.ChangeSet;
import io.stockflow.warehouse.domain.LevelKey;
import io.stockflow.warehouse.domain.MovementType;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.Reservation;
import io.stockflow.warehouse.domain.Reservation.Allocation;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.persistence.ChangeSetWriter;
import io.stockflow.warehouse.persistence.ReservationRepository;
import io.stockflow.warehouse.persistence.StockLevelRepository;
import io.stockflow.warehouse.persistence.WarehouseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reservations: all-or-nothing holds across warehouses, ended by commit, release or expiry. */
@ApplicationScoped
public class ReservationService {

    private final ReservationRepository reservations;
    private final StockLevelRepository levels;
    private final WarehouseRepository warehouses;
    private final ChangeSetWriter writer;
    private final WarehouseConfig config;
    private final Clock clock;

    public ReservationService(ReservationRepository reservations, StockLevelRepository levels,
            WarehouseRepository warehouses, ChangeSetWriter writer, WarehouseConfig config, Clock clock) {
        this.reservations = reservations;
        this.levels = levels;
        this.warehouses = warehouses;
        this.writer = writer;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public Reservation reserve(Commands.Reserve command, CommandContext context) {
        Set<String> named = command.lines().stream().map(Commands.Reserve.Line::warehouseId)
                .filter(w -> w != null).collect(Collectors.toSet());
        Set<String> known = named.isEmpty() ? Set.of() : warehouses.existing(named);
        named.stream().filter(w -> !known.contains(w)).findFirst().ifPresent(w -> {
            throw new NotFound("warehouse", w);
        });

        Set<String> productIds = command.lines().stream().map(Commands.Reserve.Line::productId)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        Map<LevelKey, StockLevel> locked = levels.lockProducts(productIds);
        productIds.stream().filter(p -> locked.keySet().stream().noneMatch(k -> k.productId().equals(p)))
                .findFirst().ifPresent(p -> {
                    throw new NotFound("product", p);
                });

        List<Allocation> allocations = Allocator.allocate(command.lines().stream()
                .map(l -> new Allocator.Demand(l.productId(), l.warehouseId(), l.quantity())).toList(), locked);
        Instant at = now();
        UUID id = command.reservationId() != null ? command.reservationId() : UUID.randomUUID();
        Reservation reservation = new Reservation(id, Reservation.Status.ACTIVE, command.reference(),
                at.plusSeconds(command.ttlSeconds()), at, at, allocations);
        if (!reservations.insert(reservation, context.actor())) {
            throw new AlreadyExists("reservation", id);
        }

        ChangeSet change = new ChangeSet(context.actor(), context.onBehalfOf());
        for (Allocation allocation : allocations) {
            StockLevel level = locked.get(allocation.key());
            change.record(level, level.reserve(allocation.quantity(), id, command.reference(), at));
        }
        byProduct(allocations).forEach((productId, productAllocations) -> {
            StockLevel[] touched = productAllocations.stream().map(a -> locked.get(a.key())).toArray(StockLevel[]::new);
            change.emit(new StockReserved(productId, id, total(productAllocations), command.reference(),
                    context.actor(), states(change, touched)), touched);
        });
        writer.write(change, context.idempotencyKey());
        return reservation;
    }

    public Reservation get(UUID id) {
        return reservations.find(id, false)
                .orElseThrow(() -> new NotFound("reservation", id));
    }

    /** Releasing a released reservation answers it as it is; a committed or expired one refuses. */
    @Transactional
    public Reservation release(UUID id, CommandContext context) {
        Reservation reservation = lock(id);
        if (reservation.status() == Reservation.Status.RELEASED) {
            return reservation;
        }
        return giveBack(reservation, Reservation.Status.RELEASED, MovementType.RELEASED, context);
    }

    /** The goods left: onHand and reserved both drop, reported as an adjustment with reason sold. */
    @Transactional
    public Reservation commit(UUID id, CommandContext context) {
        Reservation reservation = lock(id);
        Instant at = now();
        requireUnexpired(reservation, at);
        reservation.end(Reservation.Status.COMMITTED, at);
        Map<LevelKey, StockLevel> locked = levels.lock(keys(reservation));
        ChangeSet change = new ChangeSet(context.actor(), context.onBehalfOf());
        for (Allocation allocation : reservation.allocations()) {
            StockLevel level = locked.get(allocation.key());
            change.record(level, level.commitReserved(allocation.quantity(), id, reservation.reference(), at));
            change.emit(new StockAdjusted(allocation.productId(), allocation.warehouseId(), -allocation.quantity(),
                    "sold", reservation.reference(), id, context.actor(), List.of(change.state(level))), level);
        }
        reservations.update(reservation);
        writer.write(change, context.idempotencyKey());
        return reservation;
    }

    /**
     * Pushes an active reservation's expiry to {@code ttlSeconds} from now: a ledger entry (type
     * {@code extended}, no quantity) on each level it holds stock in, and one
     * {@code warehouse.stock.reservation_extended} event per product. A lease that would not end later
     * is answered as it is, with no change.
     */
    @Transactional
    public Reservation extend(UUID id, long ttlSeconds, CommandContext context) {
        Reservation reservation = lock(id);
        Instant at = now();
        if (!reservation.extend(ttlSeconds, at)) {
            return reservation;
        }
        Map<LevelKey, StockLevel> locked = levels.lock(keys(reservation));
        ChangeSet change = new ChangeSet(context.actor(), context.onBehalfOf());
        for (Allocation allocation : reservation.allocations()) {
            StockLevel level = locked.get(allocation.key());
            change.record(level, level.extendReservation(id, reservation.reference(), at));
        }
        byProduct(reservation.allocations()).forEach((productId, productAllocations) -> {
            StockLevel[] touched = productAllocations.stream().map(a -> locked.get(a.key())).toArray(StockLevel[]::new);
            change.emit(new ReservationExtended(productId, id, total(productAllocations), reservation.expiresAt(),
                    reservation.extensions(), reservation.reference(), context.actor(), states(change, touched)),
                    touched);
        });
        reservations.update(reservation);
        writer.write(change, context.idempotencyKey());
        return reservation;
    }

    /** Releases up to a batch of expired reservations; replicas share the work without overlap. */
    @Transactional
    public int expireDue() {
        List<UUID> due = reservations.lockExpired(config.reservations().expiryBatchSize());
        for (UUID id : due) {
            Reservation reservation = reservations.find(id, true).orElseThrow();
            giveBack(reservation, Reservation.Status.EXPIRED, MovementType.EXPIRED, CommandContext.system());
        }
        return due.size();
    }

    public int expiryBatchSize() {
        return config.reservations().expiryBatchSize();
    }

    private Reservation giveBack(Reservation reservation, Reservation.Status outcome, MovementType type,
            CommandContext context) {
        Instant at = now();
        if (outcome == Reservation.Status.RELEASED) {
            requireUnexpired(reservation, at);
        }
        reservation.end(outcome, at);
        Map<LevelKey, StockLevel> locked = levels.lock(keys(reservation));
        ChangeSet change = new ChangeSet(context.actor(), context.onBehalfOf());
        for (Allocation allocation : reservation.allocations()) {
            StockLevel level = locked.get(allocation.key());
            change.record(level, level.release(allocation.quantity(), reservation.id(), type, at));
        }
        String reason = outcome == Reservation.Status.EXPIRED ? StockReleased.REASON_EXPIRED : StockReleased.REASON_RELEASED;
        byProduct(reservation.allocations()).forEach((productId, productAllocations) -> {
            StockLevel[] touched = productAllocations.stream().map(a -> locked.get(a.key())).toArray(StockLevel[]::new);
            change.emit(new StockReleased(productId, reservation.id(), total(productAllocations), reason,
                    context.actor(), states(change, touched)), touched);
        });
        reservations.update(reservation);
        writer.write(change, context.idempotencyKey());
        return reservation;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private Reservation lock(UUID id) {
        return reservations.find(id, true).orElseThrow(() -> new NotFound("reservation", id));
    }

    /** Past its expiry the reservation is the expiry job's to release, whatever its status still says. */
    private static void requireUnexpired(Reservation reservation, Instant at) {
        if (reservation.status() == Reservation.Status.ACTIVE && !at.isBefore(reservation.expiresAt())) {
            throw new Reservation.NotActive(reservation.expired());
        }
    }

    private static List<LevelKey> keys(Reservation reservation) {
        return reservation.allocations().stream().map(Allocation::key).toList();
    }

    private static Map<String, List<Allocation>> byProduct(List<Allocation> allocations) {
        return allocations.stream().collect(Collectors.groupingBy(Allocation::productId, LinkedHashMap::new,
                Collectors.toList()));
    }

    private static long total(List<Allocation> allocations) {
        return allocations.stream().mapToLong(Allocation::quantity).sum();
    }

    private static List<LevelState> states(ChangeSet change, StockLevel... touched) {
        return java.util.Arrays.stream(touched).map(change::state).toList();
    }
}
