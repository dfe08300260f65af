package io.stockflow.catalog.rest;

import io.smallrye.common.annotation.Blocking;
import io.stockflow.catalog.service.ProductQueryService.Page;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import io.stockflow.catalog.consistency.ConsistentReads;
import io.stockflow.events.ConsistencyToken;
import io.stockflow.events.Ids;
import io.vertx.core.http.HttpServerResponse;
import io.stockflow.catalog.service.ProductQueryService;
import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Product reads with their stock, rendered by {@link ProductJsonWriter}; the records below and
 * {@link ProductJson} document the shapes. A single product is served on the event loop when Redis
 * holds it; a batch is decoded and written on a worker, as that takes milliseconds for 1000 products.
 */
@RolesAllowed(Roles.READ)
@Path("/v1/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    static final int MAX_BATCH = 1000;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 100;
    /** As long as a product's category may be (ProductInput). */
    private static final int MAX_CATEGORY = 128;

    /** {@code minVersion}: a consistency token, as the header {@code Stockflow-Consistency} would carry it. */
    public record BatchRequest(List<String> productIds, String minVersion) {
    }

    /** The shape of a batch answer (OpenAPI). */
    public record BatchResponse(Map<String, ProductJson> products, List<String> missing) {
    }

    /** The shape of a page (OpenAPI). */
    public record PageResponse(List<ProductJson> items, String nextCursor) {
    }

    private final ProductQueryService products;
    private final ConsistentReads consistent;

    ProductResource(ProductQueryService products, ConsistentReads consistent) {
        this.products = products;
        this.consistent = consistent;
    }

    @GET
    @Path("/{productId}")
    @APIResponse(responseCode = "200", description = "The product with its stock",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductJson.class)))
    public CompletionStage<ProductJsonWriter.One> get(@PathParam("productId") String productId,
            @HeaderParam(ConsistencyToken.HEADER) String consistency, @Context HttpServerResponse response) {
        requireId("productId", productId);
        if (consistency != null) {
            return consistentGet(productId, token(consistency), response);
        }
        return products.get(productId).thenApply(view -> new ProductJsonWriter.One(view
                .orElseThrow(() -> notFound(productId))));
    }

    /** With a token: once Redis holds what it names (or the warehouse's levels), read past the near cache. */
    private CompletionStage<ProductJsonWriter.One> consistentGet(String productId, ConsistencyToken token,
            HttpServerResponse response) {
        List<String> ids = List.of(productId);
        return consistent.ensure(ids, token).thenCompose(source -> {
            response.putHeader(ConsistencyToken.SOURCE_HEADER, source.wireName());
            return products.batch(ids);
        }).thenApply(views -> {
            ProductView view = views.get(productId);
            if (view == null) {
                throw notFound(productId);
            }
            return new ProductJsonWriter.One(view);
        });
    }

    private static ProblemException notFound(String productId) {
        return new ProblemException(ErrorType.NOT_FOUND, "product " + productId + " does not exist");
    }

    /** A token as a client sent it; anything the warehouse did not make is a 400. */
    static ConsistencyToken token(String value) {
        try {
            return ConsistencyToken.decode(value);
        } catch (ConsistencyToken.Malformed e) {
            throw ProblemException.invalid(ConsistencyToken.HEADER, e.getMessage());
        }
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of products",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PageResponse.class)))
    public ProductJsonWriter.Page list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("inStock") String inStock, @QueryParam("category") String category,
            @HeaderParam(ConsistencyToken.HEADER) String consistency, @Context HttpServerResponse response) {
        if (category != null && category.length() > MAX_CATEGORY) {
            throw ProblemException.invalid("category", "must be at most " + MAX_CATEGORY + " characters");
        }
        String after = decodeCursor(cursor);
        int pageSize = parseLimit(limit);
        Boolean stockFilter = parseInStock(inStock);
        if (consistency != null) {
            // a page's products are not known before it is read: everything the token names is made fresh
            response.putHeader(ConsistencyToken.SOURCE_HEADER, join(consistent.ensure(null, token(consistency))).wireName());
        }
        Page page = products.list(after, pageSize, stockFilter,
                category == null || category.isBlank() ? null : category);
        return new ProductJsonWriter.Page(page.items(), page.more() ? encodeCursor(page.lastProductId()) : null);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @APIResponse(responseCode = "200", description = "The known products and the ids of the unknown ones",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResponse.class)))
    public CompletionStage<ProductJsonWriter.Batch> batch(BatchRequest request,
            @HeaderParam(ConsistencyToken.HEADER) String consistency, @Context HttpServerResponse response) {
        if (request == null || request.productIds() == null || request.productIds().isEmpty()) {
            throw ProblemException.invalid("productIds", "must list at least one product id");
        }
        if (request.productIds().size() > MAX_BATCH) {
            throw new ProblemException(ErrorType.PAYLOAD_TOO_LARGE,
                    "at most " + MAX_BATCH + " product ids per request, got " + request.productIds().size());
        }
        for (int i = 0; i < request.productIds().size(); i++) {
            requireId("productIds[" + i + "]", request.productIds().get(i));
        }
        List<String> ids = request.productIds();
        String minVersion = request.minVersion();
        if (minVersion != null && consistency != null && !minVersion.equals(consistency)) {
            throw ProblemException.invalid("minVersion", "differs from the " + ConsistencyToken.HEADER + " header");
        }
        String given = minVersion != null ? minVersion : consistency;
        if (given == null) {
            return products.batch(ids).thenApply(found -> new ProductJsonWriter.Batch(found, missing(ids, found)));
        }
        String field = minVersion != null ? "minVersion" : ConsistencyToken.HEADER;
        ConsistencyToken token;
        try {
            token = ConsistencyToken.decode(given);
        } catch (ConsistencyToken.Malformed e) {
            throw ProblemException.invalid(field, e.getMessage());
        }
        return consistent.ensure(ids, token, field).thenCompose(source -> {
            response.putHeader(ConsistencyToken.SOURCE_HEADER, source.wireName());
            return products.batch(ids);
        }).thenApply(found -> new ProductJsonWriter.Batch(found, missing(ids, found)));
    }

    /** Waits on a worker thread (the list is blocking anyway); a refusal comes out as itself. */
    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** An id that cannot name a product (the shared id rule) is a 400, never looked up. */
    static void requireId(String field, String id) {
        if (!Ids.isWellFormed(id)) {
            throw ProblemException.invalid(field, Ids.MESSAGE);
        }
    }

    /** The requested ids that are no product, each once, in request order. */
    private static List<String> missing(List<String> ids, Map<String, ProductView> found) {
        Set<String> missing = new LinkedHashSet<>();
        for (String id : ids) {
            if (!found.containsKey(id)) {
                missing.add(id);
            }
        }
        return List.copyOf(missing);
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw ProblemException.invalid("limit", "must be an integer from 1 to " + MAX_LIMIT);
    }

    private static Boolean parseInStock(String inStock) {
        if (inStock == null || inStock.isBlank()) {
            return null;
        }
        return switch (inStock.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalid("inStock", "must be true or false");
        };
    }

    /** Cursors are opaque to clients: the last product id of the page, base64url-encoded. */
    private static String encodeCursor(String lastProductId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastProductId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String lastProductId;
        try {
            lastProductId = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            lastProductId = null;
        }
        if (!Ids.isWellFormed(lastProductId)) {
            throw ProblemException.invalid("cursor", "is not a cursor this service issued");
        }
        return lastProductId;
    }
}
