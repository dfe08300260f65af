package io.stockflow.warehouse.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.stockflow.events.LevelState;
import io.stockflow.support.auth.Roles;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.domain.Warehouse;
import io.stockflow.warehouse.edge.CommandSupport;
import io.stockflow.warehouse.edge.CommandSupport.Answer;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.service.CommandContext;
import io.stockflow.warehouse.service.InventoryService;
import io.stockflow.warehouse.service.Outcomes;
import io.stockflow.warehouse.service.ReservationService;
import io.stockflow.warehouse.service.WarehouseService;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The console's forms. Each runs the service command the API runs, read and checked by the API's
 * rules (edge/Requests) and taken in as the API takes it (edge/CommandSupport: same idempotency, htmx
 * sends the form's Idempotency-Key header, rendered fresh with each form, so a double submit or a
 * retry applies once), under the signed-in person's principal, so the ledger records them. Success
 * answers the form anew with what happened and tells the page (HX-Trigger) that stock changed; a
 * refusal answers problem+json, which {@link ConsoleProblems} shows next to the form's fields.
 */
@RolesAllowed(Roles.WRITE)
@Path("/console")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class ConsoleActions {

    static final String CHANGED = "stock-changed";

    private final CommandSupport commands;
    private final InventoryService inventory;
    private final ReservationService reservations;
    private final WarehouseService warehouses;
    private final WarehouseConfig config;
    private final ConsolePages pages;
    private final Validator validator;
    private final ObjectMapper mapper;

    public ConsoleActions(CommandSupport commands, InventoryService inventory, ReservationService reservations,
            WarehouseService warehouses, WarehouseConfig config, ConsolePages pages, Validator validator,
            ObjectMapper mapper) {
        this.commands = commands;
        this.inventory = inventory;
        this.reservations = reservations;
        this.warehouses = warehouses;
        this.config = config;
        this.pages = pages;
        this.validator = validator;
        this.mapper = mapper;
    }

    @POST
    @Path("/product/adjust")
    public Response adjust(@RestForm String productId, @RestForm String warehouseId, @RestForm String delta,
            @RestForm String reason, @RestForm String reference, @Context HttpHeaders headers) {
        Requests.Adjustment body = Forms.valid(validator, new Requests.Adjustment(productId, warehouseId,
                Forms.whole("delta", delta), reason, Forms.optional(reference), null));
        Answer answer = run(headers, "product/adjust", body, context -> inventory.adjust(body.command(), context));
        LevelState level = Forms.read(mapper, answer, LevelState.class);
        String result = outcome(answer, "Adjusted " + level.warehouseId() + " by " + Templates.signed(body.delta())
                + ": on hand " + level.onHand() + ", version " + level.version() + ".");
        return changed(Templates.adjust(pages.product(productId), result));
    }

    /** Sets an absolute count at the version it was read; a conflict shows what changed since, and by whom. */
    @POST
    @Path("/product/count")
    public Response count(@RestForm String productId, @RestForm String warehouseId, @RestForm String onHand,
            @RestForm String reason, @RestForm String readVersion, @RestForm String readOnHand,
            @Context HttpHeaders headers) {
        Long version = Forms.whole("readVersion", readVersion);
        Requests.SetOnHand body = Forms.valid(validator, new Requests.SetOnHand(Forms.whole("onHand", onHand), reason,
                version));
        Forms.ids(validator, Forms.required("productId", productId), Forms.required("warehouseId", warehouseId));
        try {
            Answer answer = run(headers, "product/count " + productId + "/" + warehouseId, body,
                    context -> inventory.set(body.command(productId, warehouseId, version), context));
            LevelState level = Forms.read(mapper, answer, LevelState.class);
            String result = outcome(answer, "Counted " + level.warehouseId() + ": on hand " + level.onHand()
                    + ", version " + level.version() + ".");
            return changed(Templates.count(new ConsoleViews.Count(productId, warehouseId, level.onHand(), level.version(),
                    null, body.reason(), null), result));
        } catch (StockRuleViolation e) {
            if (e.kind() != StockRuleViolation.Kind.VERSION_CONFLICT || version == null) {
                throw e;
            }
            LevelState now = pages.level(productId, warehouseId);
            List<ConsoleViews.Movement> since = pages.historyPage(productId, warehouseId, null).items().stream()
                    .filter(m -> m.entry().versionAfter() > version).toList();
            long read = Forms.whole("readOnHand", readOnHand) == null ? now.onHand() : Forms.whole("readOnHand", readOnHand);
            return Response.status(409).entity(Templates.count(new ConsoleViews.Count(productId, warehouseId, read, version,
                    body.onHand(), body.reason(), new ConsoleViews.Conflict(e.getMessage(), now, since)), null)).build();
        }
    }

    @POST
    @Path("/product/threshold")
    public Response threshold(@RestForm String productId, @RestForm String warehouseId,
            @RestForm String lowStockThreshold, @Context HttpHeaders headers) {
        Requests.Threshold body = Forms.valid(validator,
                new Requests.Threshold(Forms.whole("lowStockThreshold", lowStockThreshold)));
        Forms.ids(validator, Forms.required("productId", productId), Forms.required("warehouseId", warehouseId));
        Answer answer = run(headers, "product/threshold " + productId + "/" + warehouseId, body,
                context -> inventory.changeThreshold(productId, warehouseId, body.lowStockThreshold(), context));
        LevelState level = Forms.read(mapper, answer, LevelState.class);
        String result = outcome(answer, "Threshold of " + level.warehouseId() + " is now " + level.lowStockThreshold() + ".");
        return changed(Templates.threshold(pages.product(productId), result));
    }

    @POST
    @Path("/product/transfer")
    public Response transfer(@RestForm String productId, @RestForm String fromWarehouseId,
            @RestForm String toWarehouseId, @RestForm String quantity, @RestForm String reference,
            @Context HttpHeaders headers) {
        Requests.Transfer body = Forms.valid(validator, new Requests.Transfer(productId, fromWarehouseId, toWarehouseId,
                Forms.whole("quantity", quantity), Forms.optional(reference)));
        var command = body.command();
        Answer answer = run(headers, "product/transfer", body, context -> inventory.transfer(command, context));
        var moved = Forms.read(mapper, answer, Outcomes.Transferred.class);
        String result = outcome(answer, "Moved " + body.quantity() + " from " + moved.from().warehouseId() + " (now "
                + moved.from().onHand() + ") to " + moved.to().warehouseId() + " (now " + moved.to().onHand() + ").");
        return changed(Templates.transfer(pages.product(productId), result));
    }

    @POST
    @Path("/reservation/release")
    public Response release(@RestForm String reservationId, @Context HttpHeaders headers) {
        UUID id = Requests.id("reservation", Forms.required("reservationId", reservationId));
        return ended(reservationId, run(headers, "reservation/release " + id, null,
                context -> ConsoleViews.ReservationRow.of(reservations.release(id, context))),
                "Released: the held units are available again.");
    }

    @POST
    @Path("/reservation/commit")
    public Response commit(@RestForm String reservationId, @Context HttpHeaders headers) {
        UUID id = Requests.id("reservation", Forms.required("reservationId", reservationId));
        return ended(reservationId, run(headers, "reservation/commit " + id, null,
                context -> ConsoleViews.ReservationRow.of(reservations.commit(id, context))),
                "Committed: the held units left the warehouse.");
    }

    /** A lease from now, as the API's /extend grants it (same maximum, same refusals: 409 once it ended). */
    @POST
    @Path("/reservation/extend")
    public Response extend(@RestForm String reservationId, @RestForm String ttlSeconds, @Context HttpHeaders headers) {
        Requests.Extension body = Forms.valid(validator, new Requests.Extension(Forms.whole("ttlSeconds", ttlSeconds)));
        UUID id = Requests.id("reservation", Forms.required("reservationId", reservationId));
        long ttl = Requests.withinMaxTtl(body.ttlSeconds(), config.reservations().maxTtl());
        Answer answer = run(headers, "reservation/extend " + id, body,
                context -> ConsoleViews.ReservationRow.of(reservations.extend(id, ttl, context)));
        ConsoleViews.ReservationRow row = pages.reservationRow(reservationId);
        return changed(Templates.reservationDetail(row, outcome(answer, "Extended: expires "
                + Templates.readable(row.expiresAt()) + ", extension " + row.extensions() + ".")));
    }

    /** The card as it is now, whether the command ran or was replayed. */
    private Response ended(String reservationId, Answer answer, String applied) {
        return changed(Templates.reservationDetail(pages.reservationRow(reservationId), outcome(answer, applied)));
    }

    @POST
    @Path("/warehouses")
    public Response createWarehouse(@RestForm String warehouseId, @RestForm String name, @Context HttpHeaders headers) {
        Requests.CreateWarehouse body = Forms.valid(validator, new Requests.CreateWarehouse(Forms.optional(warehouseId),
                name == null ? null : name));
        Answer answer = run(headers, "warehouses", body,
                context -> warehouses.create(body.warehouseId(), body.name()));
        Warehouse created = Forms.read(mapper, answer, Warehouse.class);
        return Response.ok(Templates.warehouseList(pages.warehouseList(), outcome(answer, "Created warehouse "
                + created.warehouseId() + " (" + created.name() + ")."))).build();
    }

    /** Ends the session: the cookie is dropped, and the browser goes back to sign-in (a form field makes the CSRF check read the form's token). */
    @PermitAll
    @POST
    @Path("/signout")
    public Response signOut(@RestForm("csrf-token") String csrfToken, @Context RoutingContext context) {
        FormAuthenticationMechanism.logout(context);
        return Response.seeOther(URI.create("/console/login?signedOut=true")).build();
    }

    /**
     * Runs a command as the API runs it, its Idempotency-Key bound to this form's request (what it
     * names and its fields); the answer is read back from the JSON the key stores, replayed or not.
     */
    private Answer run(HttpHeaders headers, String form, Object fields, Function<CommandContext, Object> command) {
        return commands.run(headers, "POST /console/" + form, fields, 200, command);
    }

    private static String outcome(Answer answer, String applied) {
        return answer.replayed()
                ? "Already applied: this was a repeat of a submit that went through, so nothing changed twice."
                : applied;
    }

    private static Response changed(Object page) {
        return Response.ok(page).header("HX-Trigger", CHANGED).build();
    }
}
