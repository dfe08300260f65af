package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.warehouse.edge.CommandSupport;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.service.WarehouseService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@RolesAllowed(Roles.READ)
@Path("/v1/warehouses")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WarehouseResource {

    private final WarehouseService warehouses;
    private final CommandSupport commands;

    public WarehouseResource(WarehouseService warehouses, CommandSupport commands) {
        this.warehouses = warehouses;
        this.commands = commands;
    }

    @RolesAllowed(Roles.WRITE)
    @POST
    public Response create(@Valid @NotNull Requests.CreateWarehouse body, @Context HttpHeaders headers) {
        return commands.execute(headers, "POST /v1/warehouses", body, 201,
                context -> warehouses.create(body.warehouseId(), body.name()));
    }

    @GET
    public Views.Warehouses list() {
        return new Views.Warehouses(warehouses.list());
    }
}
