package io.stockflow.catalog.rest;

import io.stockflow.catalog.domain.Product;
import io.stockflow.catalog.service.ProductService.CreateResult;
import io.stockflow.catalog.service.ProductService.DemoDataResult;
import io.stockflow.catalog.service.ProductService;
import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.support.problem.ProblemMappers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Admin writes of product details, and demo data for the local run. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminProductResource {

    static final int MAX_DEMO_PRODUCTS = 999_999;

    public record CreateRequest(List<ProductInput> products) {
    }

    public record Summary(int totalRequests, int successfulCreations, int failedCreations) {
    }

    public record CreateResponse(List<CreateResult> results, Summary summary) {
    }

    public record DemoDataRequest(Integer products) {
    }

    private final ProductService service;
    private final Validator validator;

    AdminProductResource(ProductService service, Validator validator) {
        this.service = service;
        this.validator = validator;
    }

    /** Creates many products; each line succeeds or fails on its own (invalid line, id taken). */
    @POST
    @Path("/products")
    public Response create(CreateRequest request) {
        if (request == null || request.products() == null || request.products().isEmpty()) {
            throw ProblemException.invalid("products", "must list at least one product");
        }
        if (request.products().size() > ProductResource.MAX_BATCH) {
            throw new ProblemException(ErrorType.PAYLOAD_TOO_LARGE,
                    "at most " + ProductResource.MAX_BATCH + " products per request, got " + request.products().size());
        }
        List<CreateResult> results = new ArrayList<>(request.products().size());
        List<Product> valid = new ArrayList<>();
        List<Integer> validAt = new ArrayList<>();
        for (ProductInput input : request.products()) {
            String problems = input == null ? "product must not be null" : describe(validator.validate(input));
            results.add(new CreateResult(input == null ? null : input.productId(), false, problems));
            if (problems == null) {
                validAt.add(results.size() - 1);
                valid.add(input.toProduct());
            }
        }
        List<CreateResult> created = valid.isEmpty() ? List.of() : service.create(valid);
        for (int i = 0; i < created.size(); i++) {
            results.set(validAt.get(i), created.get(i));
        }
        int succeeded = (int) results.stream().filter(CreateResult::success).count();
        Summary summary = new Summary(results.size(), succeeded, results.size() - succeeded);
        return Response.status(succeeded > 0 ? Response.Status.CREATED : Response.Status.OK)
                .entity(new CreateResponse(results, summary)).build();
    }

    @PUT
    @Path("/products/{productId}")
    public Product update(@PathParam("productId") String productId, ProductInput body) {
        if (body == null) {
            throw ProblemException.invalid("body", "must hold the product");
        }
        if (body.productId() != null && !body.productId().equals(productId)) {
            throw ProblemException.invalid("productId", "must match the path");
        }
        ProductInput input = body.withProductId(productId);
        Set<ConstraintViolation<ProductInput>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return service.update(input.toProduct())
                .orElseThrow(() -> new ProblemException(ErrorType.NOT_FOUND, "product " + productId + " does not exist"));
    }

    @DELETE
    @Path("/products/{productId}")
    public Response delete(@PathParam("productId") String productId) {
        ProductResource.requireId("productId", productId);
        if (!service.delete(productId)) {
            throw new ProblemException(ErrorType.NOT_FOUND, "product " + productId + " does not exist");
        }
        return Response.noContent().build();
    }

    /** Creates SKU-000001..SKU-{n} with generated names, categories and prices; existing ids are skipped. */
    @POST
    @Path("/demo-data")
    public DemoDataResult demoData(DemoDataRequest request) {
        int count = request == null || request.products() == null ? 10_000 : request.products();
        if (count < 1 || count > MAX_DEMO_PRODUCTS) {
            throw ProblemException.invalid("products", "must be from 1 to " + MAX_DEMO_PRODUCTS);
        }
        return service.createDemoData(count);
    }

    private static String describe(Set<? extends ConstraintViolation<?>> violations) {
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream()
                .map(v -> ProblemMappers.field(v) + " " + v.getMessage())
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining("; "));
    }
}
