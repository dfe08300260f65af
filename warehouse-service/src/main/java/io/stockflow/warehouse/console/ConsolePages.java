package io.stockflow.warehouse.console;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.stockflow.events.LevelState;
import io.stockflow.support.auth.Roles;
import io.stockflow.warehouse.config.WarehouseConfig;
import io.stockflow.warehouse.domain.NotFound;
import io.stockflow.warehouse.domain.Warehouse;
import io.stockflow.warehouse.edge.LevelsQuery;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.service.InventoryQueries;
import io.stockflow.warehouse.service.ReservationService;
import io.stockflow.warehouse.service.StockListing;
import io.stockflow.warehouse.service.StockReads;
import io.stockflow.warehouse.service.WarehouseService;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The console's pages and the fragments htmx swaps into them. Reads call the services the API's reads
 * call, with the ids and query parameters checked by the API's rules, so the console shows exactly
 * what the API answers, refusals included.
 */
@RolesAllowed(Roles.READ)
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    static final int HISTORY_PAGE = 20;
    static final int MATCHES = 20;
    static final int ATTENTION_PAGE = 50;
    private static final Pattern ID = Pattern.compile(Requests.ID);

    private final InventoryQueries inventory;
    private final ReservationService reservations;
    private final WarehouseService warehouses;
    private final StockListing listing;
    private final LiveLevels live;
    private final Validator validator;
    private final WarehouseConfig config;

    public ConsolePages(InventoryQueries inventory, ReservationService reservations, WarehouseService warehouses,
            StockListing listing, LiveLevels live, Validator validator, WarehouseConfig config) {
        this.inventory = inventory;
        this.reservations = reservations;
        this.warehouses = warehouses;
        this.listing = listing;
        this.live = live;
        this.validator = validator;
        this.config = config;
    }

    @PermitAll
    @GET
    @Path("/login")
    public TemplateInstance login(@QueryParam("error") String error, @QueryParam("signedOut") String signedOut) {
        return Templates.login(error != null, signedOut != null);
    }

    /** Find: an exact id opens the product; otherwise the ids that start with what was typed. */
    @GET
    public Response home(@QueryParam("q") String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            return Response.ok(Templates.home("", List.of(), null)).build();
        }
        if (!ID.matcher(q).matches()) {
            return Response.ok(Templates.home(q, List.of(), "A product id is 1 to 64 letters, digits, '.', '_', ':' or '-'."))
                    .build();
        }
        List<String> matches = listing.productIds(q, MATCHES);
        if (matches.contains(q)) {
            return Response.seeOther(URI.create("/console/product?id=" + encode(q))).build();
        }
        return Response.ok(Templates.home(q, matches, matches.isEmpty() ? "No product id starts with " + q + "." : null))
                .build();
    }

    @GET
    @Path("/product")
    public Response product(@QueryParam("id") String productId, @QueryParam("warehouseId") String warehouseId) {
        if (productId == null || !ID.matcher(productId).matches()) {
            return Response.seeOther(URI.create("/console")).build();
        }
        try {
            ConsoleViews.Product product = product(productId);
            return Response.ok(Templates.product(product, historyPage(productId, warehouseId, null),
                    activeReservations(productId))).build();
        } catch (NotFound e) {
            return Response.ok(Templates.home(productId, listing.productIds(productId, MATCHES),
                    "No stock is recorded for product " + productId + ".")).build();
        }
    }

    @GET
    @Path("/product/levels")
    public TemplateInstance levels(@QueryParam("id") String productId) {
        return Templates.levels(product(productId));
    }

    @GET
    @Path("/product/history")
    public TemplateInstance history(@QueryParam("id") String productId, @QueryParam("warehouseId") String warehouseId,
            @QueryParam("cursor") String cursor) {
        return Templates.history(historyPage(productId, warehouseId, cursor));
    }

    @GET
    @Path("/product/reservations")
    public TemplateInstance reservations(@QueryParam("id") String productId) {
        return Templates.reservations(productId, activeReservations(productId));
    }

    /** The count form for one level, carrying the version it was read at. */
    @GET
    @Path("/product/count")
    public TemplateInstance countForm(@QueryParam("id") String productId, @QueryParam("warehouseId") String warehouseId) {
        LevelState level = level(productId, warehouseId);
        return Templates.count(new ConsoleViews.Count(productId, warehouseId, level.onHand(), level.version(), null,
                "cycle_count", null), null);
    }

    /** Server-sent events: "levels" whenever the product changes, from any replica or client. */
    @GET
    @Path("/product/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> live(@QueryParam("id") String productId, @QueryParam("shown") long shown,
            @Context Sse sse) {
        return live.watch(productId, shown).map(signal -> sse.newEventBuilder()
                .name(signal.keepAlive() ? "keep-alive" : "levels").data(Long.toString(signal.signature())).build());
    }

    @GET
    @Path("/reservation")
    public TemplateInstance reservation(@QueryParam("id") String reservationId) {
        if (reservationId == null || reservationId.isBlank()) {
            return Templates.reservation("", null);
        }
        return Templates.reservation(reservationId.strip(), reservationRow(reservationId.strip()));
    }

    /** Needs attention: levels below their threshold, across warehouses or in one. */
    @GET
    @Path("/attention")
    public TemplateInstance attention(@QueryParam("warehouseId") String warehouseId, @QueryParam("cursor") String cursor) {
        String warehouse = warehouseId == null || warehouseId.isBlank() ? null : warehouseId;
        var page = LevelsQuery.parse(warehouse, "true", cursor, Integer.toString(ATTENTION_PAGE), config.maxBatchSize())
                .page(listing);
        return Templates.attention(new ConsoleViews.Attention(warehouse,
                page.items().stream().map(ConsoleViews.LevelRow::of).toList(), cursor, page.nextCursor(), warehouseList()));
    }

    @GET
    @Path("/warehouses")
    public TemplateInstance warehouses() {
        return Templates.warehouses(warehouseList());
    }

    ConsoleViews.Product product(String productId) {
        var stock = stock(productId);
        return ConsoleViews.Product.of(productId, stock.warehouses(), warehouseList());
    }

    LevelState level(String productId, String warehouseId) {
        return stock(productId).warehouses().stream().filter(l -> l.warehouseId().equals(warehouseId))
                .findFirst().orElseThrow(() -> new NotFound("level", productId + " in " + warehouseId));
    }

    private StockReads.ProductStock stock(String productId) {
        Forms.ids(validator, productId, null);
        return inventory.product(productId);
    }

    ConsoleViews.History historyPage(String productId, String warehouseId, String cursor) {
        String warehouse = warehouseId == null || warehouseId.isBlank() ? null : warehouseId;
        Forms.ids(validator, productId, warehouse);
        var page = inventory.movements(productId, warehouse, cursor, HISTORY_PAGE);
        return new ConsoleViews.History(productId, warehouse,
                page.items().stream().map(ConsoleViews.Movement::new).toList(), page.nextCursor(), cursor == null,
                warehouseList());
    }

    List<ConsoleViews.ReservationRow> activeReservations(String productId) {
        return listing.activeReservations(productId, MATCHES).stream().map(id -> reservationRow(id.toString())).toList();
    }

    ConsoleViews.ReservationRow reservationRow(String reservationId) {
        return ConsoleViews.ReservationRow.of(reservations.get(Requests.id("reservation", reservationId)));
    }

    List<Warehouse> warehouseList() {
        return warehouses.list();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
