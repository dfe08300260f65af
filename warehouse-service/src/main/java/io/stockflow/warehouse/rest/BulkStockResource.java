package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.service.InventoryQueries;
import io.stockflow.warehouse.service.StockReads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;

@RolesAllowed(Roles.READ)
@Path("/v1/batch/stock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BulkStockResource {

    private final InventoryQueries queries;
    private final WarehouseConfig config;

    public BulkStockResource(InventoryQueries queries, WarehouseConfig config) {
        this.queries = queries;
        this.config = config;
    }

    @POST
    public StockReads.BulkStock bulk(@Valid @NotNull Requests.BulkStock body) {
        if (body.productIds().size() > config.maxBatchSize()) {
            throw ProblemException.tooLarge("productIds", body.productIds().size(), config.maxBatchSize());
        }
        return queries.bulk(body.productIds(), Optional.ofNullable(body.warehouseId()),
                Boolean.TRUE.equals(body.includeWarehouses()));
    }
}
