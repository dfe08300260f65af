package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.Problem.FieldError;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.service.StockListing;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /v1/inventory/levels}: every level in a stable order, page by page; the low ones with lowStock=true. */
@RolesAllowed(Roles.READ)
@Path("/v1/inventory/levels")
public class LevelsResource {

    static final int DEFAULT_LIMIT = 100;
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(Requests.ID);

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
        // read as text: JAX-RS answers an unparsable query parameter with 404, and "yes" would read as false
        List<FieldError> errors = new ArrayList<>();
        if (warehouseId != null && !ID.matcher(warehouseId).matches()) {
            errors.add(new FieldError("warehouseId", Requests.ID_MESSAGE));
        }
        boolean low = false;
        if (lowStock != null && !lowStock.isEmpty()) {
            if (!lowStock.equals("true") && !lowStock.equals("false")) {
                errors.add(new FieldError("lowStock", "must be true or false"));
            }
            low = lowStock.equals("true");
        }
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > config.maxBatchSize()) {
                errors.add(new FieldError("limit", "must be a whole number between 1 and " + config.maxBatchSize()));
            }
        }
        if (cursor != null && cursor.length() > 512) {
            errors.add(new FieldError("cursor", "must be at most 512 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(errors.size() == 1
                    ? Problem.validation(errors.get(0).field(), errors.get(0).message())
                    : Problem.validation("invalid query parameters", errors));
        }
        return listing.levels(Optional.ofNullable(warehouseId), low, cursor == null || cursor.isEmpty() ? null : cursor, size);
    }
}
