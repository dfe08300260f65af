package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.edge.CommandSupport;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.service.AvailabilityQueries;
import io.stockflow.warehouse.service.Commands;
import io.stockflow.warehouse.service.InventoryQueries;
import io.stockflow.warehouse.service.InventoryService;
import io.stockflow.warehouse.service.StockReads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

@RolesAllowed(Roles.READ)
@Path("/v1/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InventoryResource {

    private final InventoryService inventory;
    private final InventoryQueries queries;
    private final AvailabilityQueries availability;
    private final CommandSupport commands;
    private final WarehouseConfig config;

    public InventoryResource(InventoryService inventory, InventoryQueries queries, AvailabilityQueries availability,
            CommandSupport commands, WarehouseConfig config) {
        this.inventory = inventory;
        this.queries = queries;
        this.availability = availability;
        this.commands = commands;
        this.config = config;
    }

    @RolesAllowed(Roles.WRITE)
    @POST
    @Path("/adjustments")
    public Response adjust(@Valid @NotNull Requests.Adjustment body, @Context HttpHeaders headers) {
        return commands.execute(headers, "POST /v1/inventory/adjustments", body, 200,
                context -> inventory.adjust(body.command(), context));
    }

    @RolesAllowed(Roles.WRITE)
    @POST
    @Path("/adjustments/batch")
    public Response adjustBatch(@Valid @NotNull Requests.AdjustmentBatch body, @Context HttpHeaders headers) {
        if (body.adjustments().size() > config.maxBatchSize()) {
            throw ProblemException.tooLarge("adjustments", body.adjustments().size(), config.maxBatchSize());
        }
        List<Commands.Adjust> lines = body.adjustments().stream().map(Requests.Adjustment::command).toList();
        boolean atomic = body.atomic() == null || body.atomic();
        return commands.execute(headers, "POST /v1/inventory/adjustments/batch", body, 200,
                context -> Views.BatchResult.of(inventory.adjustBatch(lines, atomic, context)));
    }

    @RolesAllowed(Roles.WRITE)
    @PUT
    @Path("/{productId}/warehouses/{warehouseId}")
    public Response set(@PathParam("productId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId,
            @PathParam("warehouseId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String warehouseId,
            @Valid @NotNull Requests.SetOnHand body, @Context HttpHeaders headers) {
        Long expected = expectedVersion(body.expectedVersion(), headers.getHeaderString(HttpHeaders.IF_MATCH));
        return commands.execute(headers, "PUT /v1/inventory/" + productId + "/warehouses/" + warehouseId
                + "\nexpected=" + expected, body, 200,
                context -> inventory.set(body.command(productId, warehouseId, expected), context));
    }

    @RolesAllowed(Roles.WRITE)
    @PUT
    @Path("/{productId}/warehouses/{warehouseId}/threshold")
    public Response threshold(@PathParam("productId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId,
            @PathParam("warehouseId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String warehouseId,
            @Valid @NotNull Requests.Threshold body, @Context HttpHeaders headers) {
        return commands.execute(headers, "PUT /v1/inventory/" + productId + "/warehouses/" + warehouseId + "/threshold",
                body, 200, context -> inventory.changeThreshold(productId, warehouseId, body.lowStockThreshold(), context));
    }

    @RolesAllowed(Roles.WRITE)
    @PUT
    @Path("/{productId}/warehouses/{warehouseId}/safety-stock")
    public Response safetyStock(@PathParam("productId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId,
            @PathParam("warehouseId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String warehouseId,
            @Valid @NotNull Requests.SafetyStock body, @Context HttpHeaders headers) {
        return commands.execute(headers, "PUT /v1/inventory/" + productId + "/warehouses/" + warehouseId + "/safety-stock",
                body, 200, context -> inventory.changeSafetyStock(productId, warehouseId, body.safetyStock(), context));
    }

    @RolesAllowed(Roles.WRITE)
    @POST
    @Path("/transfers")
    public Response transfer(@Valid @NotNull Requests.Transfer body, @Context HttpHeaders headers) {
        Commands.Transfer command = body.command();
        return commands.execute(headers, "POST /v1/inventory/transfers", body, 200,
                context -> Views.Transferred.of(inventory.transfer(command, context)));
    }

    @GET
    @Path("/product/{productId}")
    public StockReads.ProductStock product(
            @PathParam("productId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId) {
        return queries.product(productId);
    }

    /** Available-to-promise: today, the dated timeline, and when {@code quantity} (default 1) can be promised. */
    @GET
    @Path("/product/{productId}/availability")
    public AvailabilityQueries.ProductAvailability availability(
            @PathParam("productId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId,
            @QueryParam("quantity") @DefaultValue("1") String quantity,
            @QueryParam("warehouseId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String warehouseId) {
        long units;
        try {
            units = Long.parseLong(quantity);
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.validation("quantity", "must be a whole number"));
        }
        if (units < 1) {
            throw new ProblemException(Problem.validation("quantity", "must be positive"));
        }
        return availability.availability(productId, Optional.ofNullable(warehouseId), units);
    }

    @GET
    @Path("/product/{productId}/movements")
    public StockReads.MovementPage movements(
            @PathParam("productId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId,
            @QueryParam("limit") @DefaultValue("50") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("warehouseId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String warehouseId) {
        // read as text: JAX-RS answers an unparsable int query parameter with 404
        int size;
        try {
            size = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.validation("limit", "must be a whole number"));
        }
        requireLimit(size);
        return queries.movements(productId, warehouseId, cursor, size);
    }

    @POST
    @Path("/recently-updated")
    public StockReads.ChangedLevels recentlyUpdated(@Valid Requests.RecentlyUpdated body) {
        Requests.RecentlyUpdated request = body != null ? body : new Requests.RecentlyUpdated(null, null, null, null);
        int limit = request.limit() == null ? 100 : request.limit();
        requireLimit(limit);
        return queries.recentlyUpdated(request.cursor(), request.since(), Optional.ofNullable(request.warehouseId()), limit);
    }

    private void requireLimit(int limit) {
        if (limit < 1 || limit > config.maxBatchSize()) {
            throw new ProblemException(Problem.validation("limit", "must be between 1 and " + config.maxBatchSize()));
        }
    }

    /** {@code If-Match: "7"} (or W/"7", or 7) stands for expectedVersion 7; both given must agree. */
    static Long expectedVersion(Long fromBody, String ifMatch) {
        if (ifMatch == null) {
            return fromBody;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        long version;
        try {
            version = Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.validation(HttpHeaders.IF_MATCH, "must be a version, e.g. \"7\""));
        }
        if (version < 0 || (fromBody != null && fromBody != version)) {
            throw new ProblemException(Problem.validation(HttpHeaders.IF_MATCH,
                    version < 0 ? "must not be negative" : "disagrees with expectedVersion " + fromBody));
        }
        return version;
    }

}
