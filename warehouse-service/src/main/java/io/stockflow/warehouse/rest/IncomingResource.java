package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.warehouse.edge.CommandSupport;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.service.Commands;
import io.stockflow.warehouse.service.IncomingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Incoming stock: purchase-order or ASN lines, expected at a date, received in parts, or cancelled. */
@RolesAllowed(Roles.WRITE)
@Path("/v1/inventory/incoming")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IncomingResource {

    private final IncomingService incoming;
    private final CommandSupport commands;

    public IncomingResource(IncomingService incoming, CommandSupport commands) {
        this.incoming = incoming;
        this.commands = commands;
    }

    @POST
    public Response expect(@Valid @NotNull Requests.Incoming body, @Context HttpHeaders headers) {
        Commands.ExpectIncoming command = new Commands.ExpectIncoming(body.incomingId(), body.productId(),
                body.warehouseId(), body.quantity(), body.expectedAt(), body.reference());
        return commands.execute(headers, "POST /v1/inventory/incoming", body, 201,
                context -> Views.IncomingView.of(incoming.expect(command, context)));
    }

    @RolesAllowed(Roles.READ)
    @GET
    @Path("/{incomingId}")
    public Views.IncomingView get(@PathParam("incomingId") String incomingId) {
        return Views.IncomingView.of(incoming.find(id(incomingId)), null);
    }

    /** Without a body (or without {@code quantity}) receives all that is open. */
    @POST
    @Path("/{incomingId}/receive")
    @Consumes(MediaType.WILDCARD) // a bare POST must not be refused as 415
    public Response receive(@PathParam("incomingId") String incomingId, @Valid Requests.Receive body,
            @Context HttpHeaders headers) {
        UUID id = id(incomingId);
        Long quantity = body == null ? null : body.quantity();
        return commands.execute(headers, "POST /v1/inventory/incoming/" + id + "/receive", body, 200,
                context -> Views.IncomingView.of(incoming.receive(id, quantity, context)));
    }

    @POST
    @Path("/{incomingId}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Response cancel(@PathParam("incomingId") String incomingId, @Context HttpHeaders headers) {
        UUID id = id(incomingId);
        return commands.execute(headers, "POST /v1/inventory/incoming/" + id + "/cancel", null, 200,
                context -> Views.IncomingView.of(incoming.cancel(id, context)));
    }

    private static UUID id(String incomingId) {
        return Requests.id("incoming line", incomingId);
    }
}
