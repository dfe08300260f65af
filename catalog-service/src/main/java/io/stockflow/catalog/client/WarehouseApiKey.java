package io.stockflow.catalog.client;

import io.quarkus.runtime.StartupEvent;
import io.stockflow.catalog.config.CatalogConfig;
import io.stockflow.support.auth.ApiKeyAuthenticationMechanism;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;
import org.jboss.logging.Logger;

/** The catalog's own {@code service} key (WAREHOUSE_API_KEY) on every call to the warehouse. */
@ApplicationScoped
public class WarehouseApiKey implements ClientHeadersFactory {

    private static final Logger LOG = Logger.getLogger(WarehouseApiKey.class);

    private final Optional<String> key;

    WarehouseApiKey(CatalogConfig config) {
        this.key = config.warehouseApiKey().filter(k -> !k.isBlank());
    }

    void warnWithoutKey(@Observes StartupEvent event) {
        if (key.isEmpty()) {
            LOG.warn("WAREHOUSE_API_KEY is not set: a warehouse with authentication on refuses the catalog's "
                    + "warm-up, read-through and drift sync");
        }
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>(outgoing);
        key.ifPresent(k -> headers.putSingle(ApiKeyAuthenticationMechanism.HEADER, k));
        return headers;
    }
}
