package io.stockflow.warehouse.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.warehouse.persistence.DemoDataLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LevelKeyTest {

    /** The demo data's levels: 10 000 products in 20 warehouses, product by product. */
    private static List<LevelKey> demoKeys(int fromProduct, int products) {
        List<LevelKey> keys = new ArrayList<>(products * 20);
        for (int p = fromProduct; p < fromProduct + products; p++) {
            for (int w = 1; w <= 20; w++) {
                keys.add(new LevelKey(DemoDataLoader.productId(p), DemoDataLoader.warehouseId(w)));
            }
        }
        return keys;
    }

    private static double distinctHashShare(List<LevelKey> keys) {
        Set<Integer> hashes = new HashSet<>();
        keys.forEach(k -> hashes.add(k.hashCode()));
        return (double) hashes.size() / keys.size();
    }

    @Test
    void shouldGiveDemoKeysDistinctHashCodes() {
        // the record's default hash gave these 200 000 keys about 110 000 distinct values
        assertThat(distinctHashShare(demoKeys(1, 10_000))).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void shouldGiveTheKeysOfOneBulkReadDistinctHashCodes() {
        for (int from : new int[] {1, 4_001, 9_001}) {
            assertThat(distinctHashShare(demoKeys(from, 1_000))).as("products from %d", from).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void shouldFindEveryKeyInAHashMapByAnEqualKey() {
        List<LevelKey> keys = demoKeys(1, 10_000);
        Map<LevelKey, Integer> map = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), i);
        }

        assertThat(map).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i += 997) {
            LevelKey copy = new LevelKey(new String(keys.get(i).productId()), new String(keys.get(i).warehouseId()));
            assertThat(copy).isEqualTo(keys.get(i)).hasSameHashCodeAs(keys.get(i));
            assertThat(map.get(copy)).isEqualTo(i);
        }
    }
}
