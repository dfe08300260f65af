package io.stockflow.catalog.stock;

import static io.stockflow.catalog.support.Levels.level;
import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.catalog.consistency.VersionWaits;
import io.stockflow.catalog.domain.StockChange;
import io.stockflow.catalog.persistence.NearCache;
import io.stockflow.catalog.persistence.RedisPipeline;
import io.stockflow.catalog.persistence.RedisUnavailableException;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which stock writes wait for replicas (CATALOG_CACHE_REPLICA_ACKS): an event's, whose offset is
 * committed once it returns, and not a level read from the warehouse, which is read again if lost.
 * The store here asks for two replicas, more than the run's Redis has (the single one none, the local
 * cluster's masters one each), so a write that waits always comes back short.
 */
@QuarkusTest
class ReplicatedEventWritesTest {

    @Inject
    RedisPipeline redis;

    @Inject
    NearCache nearCache;

    @Inject
    VersionWaits waits;

    @Inject
    CatalogConfig config;

    @Inject
    StockStore store;

    /**
     * With the run's own setting (none on the single Redis; one on the cluster, where every slot's batch
     * ends in a WAIT on its master), one result per change: the WAIT replies never reach the caller.
     */
    @Test
    void shouldReturnOneResultPerEventsChangeWhateverReplicasTheRunAsksFor() {
        List<StockChange> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = newProductId();
            events.add(new StockChange(id, "event-" + id, List.of(level(id, "WH-1", 5, 0, 1))));
        }

        assertThat(store.applyEvents(events)).hasSize(30).containsOnly(1L);
        assertThat(store.applyEvents(events)).as("sent again: duplicates").hasSize(30).containsOnly(StockStore.DUPLICATE);
    }

    @Test
    void shouldFailAnEventsWriteAsUnavailableUntilTheReplicasAskedForHoldIt() {
        StockStore store = new StockStore(redis, nearCache, waits, askingForReplicas(2, Duration.ofMillis(100)));
        String id = newProductId();
        List<StockChange> event = List.of(new StockChange(id, "event-" + id, List.of(level(id, "WH-1", 5, 0, 1))));

        assertThatThrownBy(() -> store.applyEvents(event)).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("of the 2 replica(s) asked for");
        // the master has it all the same: sent again, the consumer's retry finds a duplicate
        assertThat(store.storedVersions(List.of(id))).containsEntry(id, Map.of("WH-1", 1L));
    }

    @Test
    void shouldWriteALevelReadFromTheWarehouseWithoutWaitingForReplicas() {
        StockStore store = new StockStore(redis, nearCache, waits, askingForReplicas(2, Duration.ofMillis(100)));
        String id = newProductId();

        assertThat(store.apply(List.of(StockChange.snapshot(id, List.of(level(id, "WH-1", 3, 0, 1)))))).containsExactly(1L);
        assertThat(store.storedVersions(List.of(id))).containsEntry(id, Map.of("WH-1", 1L));
    }

    /** The run's settings, but for the replicas a write waits for and how long. */
    private CatalogConfig askingForReplicas(int replicas, Duration timeout) {
        CatalogConfig.Cache cache = delegate(CatalogConfig.Cache.class, config.cache(), (method, args) -> switch (method) {
            case "replicaAcks" -> replicas;
            case "replicaAckTimeout" -> timeout;
            default -> null;
        });
        return delegate(CatalogConfig.class, config, (method, args) -> method.equals("cache") ? cache : null);
    }

    private interface Override {
        Object value(String method, Object[] args);
    }

    /** {@code type} answered by {@code override} where it gives a value, by {@code target} elsewhere. */
    private static <T> T delegate(Class<T> type, T target, Override override) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object value = override.value(method.getName(), args);
            if (value != null) {
                return value;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
