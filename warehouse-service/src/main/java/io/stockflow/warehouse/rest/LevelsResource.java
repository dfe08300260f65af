package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.edge.LevelsQuery;
import io.stockflow.warehouse.service.StockListing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /v1/inventory/levels}: every level in a stable order, page by page; the low ones with lowStock=true. */
@RolesAllowed(Roles.READ)
@Path("/v1/inventory/levels")
public class LevelsResource {

    private final StockListing listing;
    private final WarehouseConfig config;

    public LevelsResource(StockListing listing, WarehouseConfig config) {
        this.listing = listing;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Levels in (productId, warehouseId) order, optionally of one warehouse and only the low ones")
    public StockListing.LevelPage levels(
            @Parameter(description = "only this warehouse's levels") @QueryParam("warehouseId") String warehouseId,
            @Parameter(description = "true: only levels whose available is below their threshold")
            @QueryParam("lowStock") String lowStock,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "levels per page, 1 to 1000 (default 100)") @QueryParam("limit") String limit) {
        return LevelsQuery.parse(warehouseId, lowStock, cursor, limit, config.maxBatchSize()).page(listing);
    }
}
