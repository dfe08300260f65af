package io.stockflow.catalog.service;

import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.persistence.ProductCache;
import io.stockflow.catalog.persistence.ProductRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Admin writes of product details. The cached copy is evicted only after the transaction committed,
 * so a reader can never cache a change that was rolled back.
 */
@ApplicationScoped
public class ProductService {

    /** Fired inside the write transaction; observed after it commits. */
    public record ProductChanged(String productId) {
    }

    /** Outcome of one line of a create request. */
    public record CreateResult(String productId, boolean success, String error) {
    }

    public record DemoDataResult(int requested, int created, int skipped) {
    }

    private final ProductRepository repository;
    private final ProductCache cache;
    private final Event<ProductChanged> changed;

    ProductService(ProductRepository repository, ProductCache cache, Event<ProductChanged> changed) {
        this.repository = repository;
        this.cache = cache;
        this.changed = changed;
    }

    /** Creates the products in one batch; an id that exists already fails its line only. */
    @Transactional
    public List<CreateResult> create(List<Product> products) {
        boolean[] created = repository.insertAll(products);
        List<CreateResult> results = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            String id = products.get(i).productId();
            results.add(created[i] ? new CreateResult(id, true, null)
                    : new CreateResult(id, false, "product " + id + " already exists"));
            if (created[i]) {
                changed.fire(new ProductChanged(id));
            }
        }
        return results;
    }

    @Transactional
    public Optional<Product> update(Product product) {
        Optional<Product> updated = repository.update(product);
        updated.ifPresent(p -> changed.fire(new ProductChanged(p.productId())));
        return updated;
    }

    @Transactional
    public boolean delete(String productId) {
        boolean deleted = repository.delete(productId);
        if (deleted) {
            changed.fire(new ProductChanged(productId));
        }
        return deleted;
    }

    /** Creates demo products SKU-000001..SKU-{count}, skipping those that exist, in one statement. */
    @Transactional
    public DemoDataResult createDemoData(int count) {
        int created = repository.insertGenerated(count, DemoCatalog.ADJECTIVES, DemoCatalog.NOUNS, DemoCatalog.CATEGORIES);
        return new DemoDataResult(count, created, count - created);
    }

    void evictAfterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProductChanged event) {
        cache.evict(event.productId());
    }
}
