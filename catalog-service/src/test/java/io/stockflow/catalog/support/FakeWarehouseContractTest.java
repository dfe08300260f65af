package io.stockflow.catalog.support;

import io.stockflow.events.LevelState;
import io.stockflow.testsupport.RecentlyUpdatedContract;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The fake the catalog's tests page the warehouse through answers as the real API does: the same
 * contract runs against warehouse-service (its RecentlyUpdatedContractTest).
 */
class FakeWarehouseContractTest extends RecentlyUpdatedContract {

    private static final FakeWarehouse WAREHOUSE = new FakeWarehouse();
    private static String url;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        url = WAREHOUSE.start().get("quarkus.rest-client.warehouse.url");
    }

    @AfterAll
    static void stop() {
        WAREHOUSE.stop();
    }

    @Override
    protected String baseUri() {
        return url;
    }

    @Override
    protected String warehouse() {
        return "WH-RU" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** As a warehouse command: the level's next version, stamped now. */
    @Override
    protected void change(String productId, String warehouseId) {
        long version = versions.merge(productId + "/" + warehouseId, 1L, Long::sum);
        FakeWarehouse.put(LevelState.of(productId, warehouseId, 10 + version, 0, version, Levels.THRESHOLD, Instant.now()));
    }
}
