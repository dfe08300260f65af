package io.stockflow.catalog.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The warehouse's read APIs (base URL {@code WAREHOUSE_URL}). Reads are safe to repeat, so transient
 * failures are retried; each attempt is bounded by a timeout. Both can be tuned through MicroProfile
 * Fault Tolerance config, e.g. {@code io.stockflow.catalog.client.WarehouseClient/batchStock/Retry/maxRetries}.
 * Every call carries the catalog's own key ({@link WarehouseApiKey}).
 */
@RegisterRestClient(configKey = "warehouse")
@RegisterClientHeaders(WarehouseApiKey.class)
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface WarehouseClient {

    @POST
    @Path("/batch/stock")
    @Timeout(5000)
    @Retry(maxRetries = 3, delay = 200, jitter = 100)
    WarehouseDtos.BatchStockResponse batchStock(WarehouseDtos.BatchStockRequest request);

    @POST
    @Path("/inventory/recently-updated")
    @Timeout(5000)
    @Retry(maxRetries = 3, delay = 200, jitter = 100)
    WarehouseDtos.RecentlyUpdatedResponse recentlyUpdated(WarehouseDtos.RecentlyUpdatedRequest request);
}
