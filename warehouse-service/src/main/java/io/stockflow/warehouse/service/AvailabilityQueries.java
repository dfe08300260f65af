package io.stockflow.warehouse.service;

import io.stockflow.warehouse.domain.Availability;
import io.stockflow.warehouse.domain.IncomingLine;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.persistence.IncomingRepository;
import io.stockflow.warehouse.persistence.StockLevelRepository;
import io.stockflow.warehouse.persistence.StockListingRepository;
import io.stockflow.warehouse.persistence.WarehouseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Available-to-promise: a product's levels, then its open incoming lines and active holds. Read in that
 * order, a receipt or release committing in between is missed on the later read, never counted twice,
 * so the answer may promise less than it could but never more.
 */
@ApplicationScoped
public class AvailabilityQueries {

    /** The contract's answer: {@code productId} beside the domain's promise. */
    public record ProductAvailability(String productId, String warehouseId, long quantity, long available,
            List<Availability.Point> timeline, Instant promiseDate) {
    }

    private final StockLevelRepository levels;
    private final IncomingRepository incoming;
    private final StockListingRepository listings;
    private final WarehouseRepository warehouses;
    private final Clock clock;

    public AvailabilityQueries(StockLevelRepository levels, IncomingRepository incoming,
            StockListingRepository listings, WarehouseRepository warehouses, Clock clock) {
        this.levels = levels;
        this.incoming = incoming;
        this.listings = listings;
        this.warehouses = warehouses;
        this.clock = clock;
    }

    public ProductAvailability availability(String productId, Optional<String> warehouseId, long quantity) {
        if (warehouseId.isPresent() && warehouses.existing(Set.of(warehouseId.get())).isEmpty()) {
            throw new NotFound("warehouse", warehouseId.get());
        }
        List<StockLevel> all = levels.findByProduct(productId);
        if (all.isEmpty()) {
            throw new NotFound("product", productId);
        }
        List<StockLevel> found = all.stream()
                .filter(l -> warehouseId.isEmpty() || l.key().warehouseId().equals(warehouseId.get())).toList();
        List<IncomingLine> lines = incoming.openLines(productId, warehouseId);
        List<Availability.Hold> holds = listings.activeHolds(productId, warehouseId);
        Availability.Promise promise = Availability.promise(found, lines, holds, quantity,
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        return new ProductAvailability(productId, warehouseId.orElse(null), quantity, promise.available(),
                promise.timeline(), promise.promiseDate());
    }
}
