package io.stockflow.catalog.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockflow.events.LevelState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the warehouse's read APIs (CONTRACT.md, "Reads"). Answers are read tolerantly
 * (fields the warehouse adds are ignored), unlike the strict reading of client requests (StrictJson).
 */
public final class WarehouseDtos {

    private WarehouseDtos() {
    }

    public record BatchStockRequest(List<String> productIds, boolean includeWarehouses) {
        public static BatchStockRequest withWarehouses(List<String> productIds) {
            return new BatchStockRequest(productIds, true);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BatchStockResponse(Map<String, ProductLevels> stocks, List<String> missing) {
        public Map<String, ProductLevels> stocks() {
            return stocks == null ? Map.of() : stocks;
        }

        public List<String> missing() {
            return missing == null ? List.of() : missing;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProductLevels(long onHand, long reserved, long available,
            @JsonIgnoreProperties(ignoreUnknown = true) List<LevelState> warehouses) {
        public List<LevelState> warehouses() {
            return warehouses == null ? List.of() : warehouses;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecentlyUpdatedRequest(Instant since, String cursor, Integer limit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecentlyUpdatedResponse(@JsonIgnoreProperties(ignoreUnknown = true) List<LevelState> items,
            String nextCursor, boolean hasMore) {
        public List<LevelState> items() {
            return items == null ? List.of() : items;
        }
    }
}
