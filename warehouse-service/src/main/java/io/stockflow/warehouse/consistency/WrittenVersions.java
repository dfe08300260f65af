package io.stockflow.warehouse.consistency;

import io.stockflow.events.ConsistencyToken;
import io.stockflow.warehouse.domain.StockLevel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The level versions the current transaction wrote, kept with the transaction itself (JTA's
 * synchronization registry), so that every command's answer can carry them as its consistency token
 * without any service passing them up: whatever writes a change set records it here.
 */
@ApplicationScoped
public class WrittenVersions {

    private static final Object KEY = WrittenVersions.class;

    private final TransactionSynchronizationRegistry registry;

    WrittenVersions(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    /** Inside a transaction: these levels were written at their current versions. */
    public void record(Collection<StockLevel> levels) {
        @SuppressWarnings("unchecked")
        List<ConsistencyToken.Level> written = (List<ConsistencyToken.Level>) registry.getResource(KEY);
        if (written == null) {
            written = new ArrayList<>();
            registry.putResource(KEY, written);
        }
        for (StockLevel level : levels) {
            written.add(new ConsistencyToken.Level(level.key().productId(), level.key().warehouseId(), level.version()));
        }
    }

    /**
     * Inside a transaction: the token naming everything it wrote so far (an empty token if nothing);
     * empty if that would exceed {@link ConsistencyToken#MAX_LENGTH}.
     */
    public Optional<String> token() {
        @SuppressWarnings("unchecked")
        List<ConsistencyToken.Level> written = (List<ConsistencyToken.Level>) registry.getResource(KEY);
        return ConsistencyToken.encode(written == null ? List.of() : written);
    }
}
