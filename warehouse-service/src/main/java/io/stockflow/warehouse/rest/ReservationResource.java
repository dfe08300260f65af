package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.edge.CommandSupport;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.service.Commands;
import io.stockflow.warehouse.service.ReservationService;
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

@RolesAllowed(Roles.WRITE)
@Path("/v1/inventory/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReservationResource {

    private final ReservationService reservations;
    private final CommandSupport commands;
    private final WarehouseConfig config;

    public ReservationResource(ReservationService reservations, CommandSupport commands, WarehouseConfig config) {
        this.reservations = reservations;
        this.commands = commands;
        this.config = config;
    }

    @POST
    public Response reserve(@Valid @NotNull Requests.Reservation body, @Context HttpHeaders headers) {
        if (body.lines().size() > config.maxBatchSize()) {
            throw ProblemException.tooLarge("lines", body.lines().size(), config.maxBatchSize());
        }
        long ttl = Requests.withinMaxTtl(body.ttlSeconds() != null ? body.ttlSeconds()
                : config.reservations().defaultTtl().toSeconds(), config.reservations().maxTtl());
        Commands.Reserve command = new Commands.Reserve(body.reservationId(), body.lines().stream()
                .map(l -> new Commands.Reserve.Line(l.productId(), l.warehouseId(), l.quantity())).toList(),
                ttl, body.reference());
        return commands.execute(headers, "POST /v1/inventory/reservations", body, 201,
                context -> Views.ReservationView.of(reservations.reserve(command, context)));
    }

    @RolesAllowed(Roles.READ)
    @GET
    @Path("/{reservationId}")
    public Views.ReservationView get(@PathParam("reservationId") String reservationId) {
        return Views.ReservationView.of(reservations.get(id(reservationId)));
    }

    @POST
    @Path("/{reservationId}/release")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not be refused as 415
    public Response release(@PathParam("reservationId") String reservationId, @Context HttpHeaders headers) {
        UUID id = id(reservationId);
        return commands.execute(headers, "POST /v1/inventory/reservations/" + id + "/release", null, 200,
                context -> Views.ReservationView.of(reservations.release(id, context)));
    }

    @POST
    @Path("/{reservationId}/commit")
    @Consumes(MediaType.WILDCARD)
    public Response commit(@PathParam("reservationId") String reservationId, @Context HttpHeaders headers) {
        UUID id = id(reservationId);
        return commands.execute(headers, "POST /v1/inventory/reservations/" + id + "/commit", null, 200,
                context -> Views.ReservationView.of(reservations.commit(id, context)));
    }

    /** A lease of {@code ttlSeconds} from now; 409 reservation_not_active once released, committed or expired. */
    @POST
    @Path("/{reservationId}/extend")
    public Response extend(@PathParam("reservationId") String reservationId, @Valid @NotNull Requests.Extension body,
            @Context HttpHeaders headers) {
        UUID id = id(reservationId);
        long ttl = Requests.withinMaxTtl(body.ttlSeconds(), config.reservations().maxTtl());
        return commands.execute(headers, "POST /v1/inventory/reservations/" + id + "/extend", body, 200,
                context -> Views.ReservationView.of(reservations.extend(id, ttl, context)));
    }

    private static UUID id(String reservationId) {
        return Requests.id("reservation", reservationId);
    }
}
