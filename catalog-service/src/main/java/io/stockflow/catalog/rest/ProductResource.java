package io.stockflow.catalog.rest;

import io.smallrye.common.annotation.Blocking;
import io.stockflow.catalog.service.ProductQueryService.Page;
import io.stockflow.catalog.service.ProductQueryService.ProductView;
import io.stockflow.events.Ids;
import io.stockflow.catalog.service.ProductQueryService;
import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

    public record BatchRequest(List<String> productIds) {
    }

    /** The shape of a batch answer (OpenAPI). */
    public record BatchResponse(Map<String, ProductJson> products, List<String> missing) {
    }

    /** The shape of a page (OpenAPI). */
    public record PageResponse(List<ProductJson> items, String nextCursor) {
    }

    private final ProductQueryService products;

    ProductResource(ProductQueryService products) {
        this.products = products;
    }

    @GET
    @Path("/{productId}")
    @APIResponse(responseCode = "200", description = "The product with its stock",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductJson.class)))
    public CompletionStage<ProductJsonWriter.One> get(@PathParam("productId") String productId) {
        requireId("productId", productId);
        return products.get(productId).thenApply(view -> new ProductJsonWriter.One(view
                .orElseThrow(() -> new ProblemException(ErrorType.NOT_FOUND, "product " + productId + " does not exist"))));
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of products",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PageResponse.class)))
    public ProductJsonWriter.Page list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("inStock") String inStock, @QueryParam("category") String category) {
        if (category != null && category.length() > MAX_CATEGORY) {
            throw ProblemException.invalid("category", "must be at most " + MAX_CATEGORY + " characters");
        }
        Page page = products.list(decodeCursor(cursor), parseLimit(limit), parseInStock(inStock),
                category == null || category.isBlank() ? null : category);
        return new ProductJsonWriter.Page(page.items(), page.more() ? encodeCursor(page.lastProductId()) : null);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @APIResponse(responseCode = "200", description = "The known products and the ids of the unknown ones",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResponse.class)))
    public CompletionStage<ProductJsonWriter.Batch> batch(BatchRequest request) {
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
        return products.batch(ids).thenApply(found -> new ProductJsonWriter.Batch(found, missing(ids, found)));
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
