package io.stockflow.warehouse.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.stockflow.events.LevelState;
import io.stockflow.support.auth.Roles;
import io.stockflow.warehouse.domain.StockRuleViolation;
import io.stockflow.warehouse.domain.Warehouse;
import io.stockflow.warehouse.rest.InventoryResource;
import io.stockflow.warehouse.rest.ReservationResource;
import io.stockflow.warehouse.rest.Requests;
import io.stockflow.warehouse.rest.WarehouseResource;
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
import org.jboss.resteasy.reactive.RestForm;

/**
 * The console's forms. Each runs the API's own command (same validation, same idempotency: htmx sends
 * the form's Idempotency-Key header, rendered fresh with each form, so a double submit or a retry
 * applies once), under the signed-in person's principal, so the ledger records them. Success answers
 * the form anew with what happened and tells the page (HX-Trigger) that stock changed; a refusal
 * answers problem+json, which {@link ConsoleProblems} shows next to the form's fields.
 */
@RolesAllowed(Roles.WRITE)
@Path("/console")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class ConsoleActions {

    static final String CHANGED = "stock-changed";

    private final InventoryResource inventory;
    private final ReservationResource reservations;
    private final WarehouseResource warehouses;
    private final ConsolePages pages;
    private final Validator validator;
    private final ObjectMapper mapper;

    public ConsoleActions(InventoryResource inventory, ReservationResource reservations, WarehouseResource warehouses,
            ConsolePages pages, Validator validator, ObjectMapper mapper) {
        this.inventory = inventory;
        this.reservations = reservations;
        this.warehouses = warehouses;
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
        Response answer = inventory.adjust(body, headers);
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
        try {
            Response answer = inventory.set(productId, warehouseId, body, headers);
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
        Response answer = inventory.threshold(productId, warehouseId, body, headers);
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
        Response answer = inventory.transfer(body, headers);
        var moved = Forms.read(mapper, answer, Transferred.class);
        String result = outcome(answer, "Moved " + body.quantity() + " from " + moved.from().warehouseId() + " (now "
                + moved.from().onHand() + ") to " + moved.to().warehouseId() + " (now " + moved.to().onHand() + ").");
        return changed(Templates.transfer(pages.product(productId), result));
    }

    /** The transfer's answer, read back from its JSON. */
    record Transferred(LevelState from, LevelState to) {
    }

    @POST
    @Path("/reservation/release")
    public Response release(@RestForm String reservationId, @Context HttpHeaders headers) {
        return ended(reservationId, reservations.release(reservationId, headers),
                "Released: the held units are available again.");
    }

    @POST
    @Path("/reservation/commit")
    public Response commit(@RestForm String reservationId, @Context HttpHeaders headers) {
        return ended(reservationId, reservations.commit(reservationId, headers),
                "Committed: the held units left the warehouse.");
    }

    /** A lease from now, through the API's own /extend (same maximum, same refusals: 409 once it ended). */
    @POST
    @Path("/reservation/extend")
    public Response extend(@RestForm String reservationId, @RestForm String ttlSeconds, @Context HttpHeaders headers) {
        Requests.Extension body = Forms.valid(validator, new Requests.Extension(Forms.whole("ttlSeconds", ttlSeconds)));
        Response answer = reservations.extend(reservationId, body, headers);
        ConsoleViews.ReservationRow row = pages.reservationRow(reservationId);
        return changed(Templates.reservationDetail(row, outcome(answer, "Extended: expires "
                + Templates.readable(row.expiresAt()) + ", extension " + row.extensions() + ".")));
    }

    private Response ended(String reservationId, Response answer, String applied) {
        return changed(Templates.reservationDetail(pages.reservationRow(reservationId), outcome(answer, applied)));
    }

    @POST
    @Path("/warehouses")
    public Response createWarehouse(@RestForm String warehouseId, @RestForm String name, @Context HttpHeaders headers) {
        Requests.CreateWarehouse body = Forms.valid(validator, new Requests.CreateWarehouse(Forms.optional(warehouseId),
                name == null ? null : name));
        Response answer = warehouses.create(body, headers);
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

    private static String outcome(Response answer, String applied) {
        return Forms.replayed(answer)
                ? "Already applied: this was a repeat of a submit that went through, so nothing changed twice."
                : applied;
    }

    private static Response changed(Object page) {
        return Response.ok(page).header("HX-Trigger", CHANGED).build();
    }
}
