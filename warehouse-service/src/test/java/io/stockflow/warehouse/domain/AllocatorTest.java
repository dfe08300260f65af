package io.stockflow.warehouse.domain;

import static io.stockflow.warehouse.domain.Levels.key;
import static io.stockflow.warehouse.domain.Levels.level;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    private static Map<LevelKey, StockLevel> levels(StockLevel... levels) {
        Map<LevelKey, StockLevel> map = new LinkedHashMap<>();
        for (StockLevel l : levels) {
            map.put(l.key(), l);
        }
        return map;
    }

    @Test
    void aLineWithoutAWarehouseIsServedFromTheMostAvailableFirst() {
        var stock = levels(level("P", "WH-A", 5, 0), level("P", "WH-B", 9, 1), level("P", "WH-C", 3, 0));

        var allocations = Allocator.allocate(List.of(new Allocator.Demand("P", null, 10)), stock);

        assertThat(allocations).containsExactly(new Reservation.Allocation("P", "WH-B", 8),
                new Reservation.Allocation("P", "WH-A", 2));
    }

    @Test
    void equalAvailabilityIsBrokenByWarehouseIdSoTheOutcomeIsStable() {
        var stock = levels(level("P", "WH-B", 4, 0), level("P", "WH-A", 4, 0));

        var allocations = Allocator.allocate(List.of(new Allocator.Demand("P", null, 5)), stock);

        assertThat(allocations).containsExactly(new Reservation.Allocation("P", "WH-A", 4),
                new Reservation.Allocation("P", "WH-B", 1));
    }

    @Test
    void pinnedLinesAreServedFirstAndFloatingDemandGetsWhatIsLeft() {
        var stock = levels(level("P", "WH-A", 5, 0), level("P", "WH-B", 5, 0));

        var allocations = Allocator.allocate(List.of(new Allocator.Demand("P", null, 4),
                new Allocator.Demand("P", "WH-A", 5)), stock);

        assertThat(allocations).containsExactlyInAnyOrder(new Reservation.Allocation("P", "WH-A", 5),
                new Reservation.Allocation("P", "WH-B", 4));
    }

    @Test
    void demandIsSummedBeforeItIsCheckedSoTwoLinesCannotBothTakeTheSameUnits() {
        var stock = levels(level("P", "WH-A", 5, 0));

        assertThatThrownBy(() -> Allocator.allocate(List.of(new Allocator.Demand("P", "WH-A", 3),
                new Allocator.Demand("P", "WH-A", 3)), stock))
                .isInstanceOfSatisfying(StockRuleViolation.class, v -> assertThat(v.getMessage())
                        .contains("cannot reserve 6"));
    }

    @Test
    void aPinnedLineForALevelThatDoesNotExistIsInsufficient() {
        assertThatThrownBy(() -> Allocator.allocate(List.of(new Allocator.Demand("P", "WH-X", 1)), levels()))
                .isInstanceOf(StockRuleViolation.class).hasMessageContaining("only 0 available");
    }

    @Test
    void allocatingChangesNoLevel() {
        StockLevel a = level("P", "WH-A", 5, 1);

        Allocator.allocate(List.of(new Allocator.Demand("P", null, 4)), levels(a));

        assertThat(a.reserved()).isEqualTo(1);
        assertThat(a.version()).isEqualTo(3);
    }

    /**
     * Property-style: for random stock and random demand, an allocation either meets every line exactly,
     * from levels that have it, never taking more than a level has available; or it is refused because
     * some product's summed demand exceeds what is available for it.
     */
    @Test
    void everyAllocationMeetsTheDemandWithinAvailabilityOrIsRefusedOnlyWhenItCannot() {
        Random random = new Random(20261205);
        for (int round = 0; round < 2_000; round++) {
            Map<LevelKey, StockLevel> stock = new LinkedHashMap<>();
            String[] products = {"P1", "P2"};
            String[] warehouses = {"W1", "W2", "W3"};
            for (String p : products) {
                for (String w : warehouses) {
                    if (random.nextInt(4) > 0) {
                        long onHand = random.nextInt(8);
                        stock.put(key(p, w), level(p, w, onHand, random.nextInt((int) onHand + 1)));
                    }
                }
            }
            List<Allocator.Demand> demands = new ArrayList<>();
            for (int i = random.nextInt(4) + 1; i > 0; i--) {
                String p = products[random.nextInt(2)];
                String w = random.nextBoolean() ? null : warehouses[random.nextInt(3)];
                demands.add(new Allocator.Demand(p, w, random.nextInt(6) + 1));
            }

            boolean feasible = feasible(demands, stock);
            try {
                var allocations = Allocator.allocate(demands, stock);
                assertThat(feasible).as("round %d allocated %s for %s", round, allocations, demands).isTrue();
                Map<LevelKey, Long> taken = new LinkedHashMap<>();
                allocations.forEach(a -> taken.merge(a.key(), a.quantity(), Long::sum));
                taken.forEach((k, q) -> assertThat(q).isPositive().isLessThanOrEqualTo(stock.get(k).available()));
                for (String p : products) {
                    long wanted = demands.stream().filter(d -> d.productId().equals(p)).mapToLong(Allocator.Demand::quantity).sum();
                    long got = taken.entrySet().stream().filter(e -> e.getKey().productId().equals(p))
                            .mapToLong(Map.Entry::getValue).sum();
                    assertThat(got).as("round %d, product %s", round, p).isEqualTo(wanted);
                }
                for (Allocator.Demand d : demands) {
                    if (d.warehouseId() != null) {
                        long pinned = demands.stream().filter(x -> d.productId().equals(x.productId())
                                && d.warehouseId().equals(x.warehouseId())).mapToLong(Allocator.Demand::quantity).sum();
                        assertThat(taken.getOrDefault(key(d.productId(), d.warehouseId()), 0L)).isGreaterThanOrEqualTo(pinned);
                    }
                }
            } catch (StockRuleViolation refused) {
                assertThat(feasible).as("round %d refused %s: %s", round, demands, refused.getMessage()).isFalse();
            }
        }
    }

    /** Pinned demand fits its level, and each product's floating demand fits what its levels have left. */
    private static boolean feasible(List<Allocator.Demand> demands, Map<LevelKey, StockLevel> stock) {
        Map<LevelKey, Long> left = new LinkedHashMap<>();
        stock.forEach((k, l) -> left.put(k, l.available()));
        Map<String, Long> floating = new LinkedHashMap<>();
        for (Allocator.Demand d : demands) {
            if (d.warehouseId() == null) {
                floating.merge(d.productId(), d.quantity(), Long::sum);
            } else {
                LevelKey k = key(d.productId(), d.warehouseId());
                long remaining = left.getOrDefault(k, 0L) - d.quantity();
                if (remaining < 0) {
                    return false;
                }
                left.put(k, remaining);
            }
        }
        for (var e : floating.entrySet()) {
            long total = left.entrySet().stream().filter(x -> x.getKey().productId().equals(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (e.getValue() > total) {
                return false;
            }
        }
        return true;
    }
}
