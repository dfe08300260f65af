package io.stockflow.warehouse.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides where reserved units come from. Demand is summed per product (and per named warehouse)
 * before anything is checked; demand without a warehouse is served from the warehouses with the
 * most available first, split across them when one is not enough. All or nothing.
 */
public final class Allocator {

    /** One requested line: {@code warehouseId} null means "any warehouse". */
    public record Demand(String productId, String warehouseId, long quantity) {
    }

    private Allocator() {
    }

    /**
     * @param levels every existing level of the demanded products, keyed; levels are not changed
     * @throws StockRuleViolation when the summed demand of a product cannot be met
     */
    public static List<Reservation.Allocation> allocate(List<Demand> demands, Map<LevelKey, StockLevel> levels) {
        Map<LevelKey, Long> pinned = new LinkedHashMap<>();
        Map<String, Long> floating = new LinkedHashMap<>();
        for (Demand demand : demands) {
            if (demand.warehouseId() != null) {
                pinned.merge(new LevelKey(demand.productId(), demand.warehouseId()), demand.quantity(), Math::addExact);
            } else {
                floating.merge(demand.productId(), demand.quantity(), Math::addExact);
            }
        }

        Map<LevelKey, Long> remaining = new LinkedHashMap<>();
        levels.forEach((key, level) -> remaining.put(key, level.available()));
        Map<LevelKey, Long> allocated = new LinkedHashMap<>();

        pinned.forEach((key, quantity) -> {
            long available = remaining.getOrDefault(key, 0L);
            if (quantity > available) {
                throw StockRuleViolation.insufficient("cannot reserve " + quantity + " of product " + key.productId()
                        + " in warehouse " + key.warehouseId() + ": only " + available + " available", levels.get(key));
            }
            remaining.put(key, available - quantity);
            allocated.merge(key, quantity, Long::sum);
        });

        floating.forEach((productId, quantity) -> {
            List<LevelKey> candidates = new ArrayList<>(remaining.keySet().stream()
                    .filter(k -> k.productId().equals(productId) && remaining.get(k) > 0).toList());
            candidates.sort(Comparator.comparing((LevelKey k) -> remaining.get(k)).reversed()
                    .thenComparing(LevelKey::warehouseId));
            long total = candidates.stream().mapToLong(remaining::get).sum();
            if (quantity > total) {
                throw new StockRuleViolation(StockRuleViolation.Kind.INSUFFICIENT_STOCK,
                        "cannot reserve " + quantity + " of product " + productId + ": only " + total
                                + " available across warehouses after the other lines",
                        levels.values().stream().filter(l -> l.key().productId().equals(productId)).toList());
            }
            long left = quantity;
            for (LevelKey key : candidates) {
                long take = Math.min(left, remaining.get(key));
                remaining.put(key, remaining.get(key) - take);
                allocated.merge(key, take, Long::sum);
                left -= take;
                if (left == 0) {
                    break;
                }
            }
        });

        return allocated.entrySet().stream()
                .map(e -> new Reservation.Allocation(e.getKey().productId(), e.getKey().warehouseId(), e.getValue()))
                .toList();
    }
}
