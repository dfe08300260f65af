package io.stockflow.warehouse.rest;

import io.stockflow.support.auth.Roles;
import io.stockflow.support.problem.Problem;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.warehouse.edge.Requests;
import io.stockflow.warehouse.persistence.DemoDataLoader;
import io.stockflow.warehouse.service.DemoDataService;
import io.stockflow.warehouse.service.LedgerVerification;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Operator endpoints: demo data for the local run and benchmarks, and the ledger replay proof. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    private static final int MAX_WAREHOUSES = 99;
    private static final int MAX_PRODUCTS = 999_999;

    private final DemoDataService demoData;
    private final LedgerVerification verification;

    public AdminResource(DemoDataService demoData, LedgerVerification verification) {
        this.demoData = demoData;
        this.verification = verification;
    }

    @POST
    @Path("/demo-data")
    public DemoDataLoader.Loaded loadDemoData(@Valid @NotNull Requests.DemoData body) {
        if (body.warehouses() > MAX_WAREHOUSES || body.products() > MAX_PRODUCTS) {
            throw new ProblemException(Problem.validation(body.warehouses() > MAX_WAREHOUSES ? "warehouses" : "products",
                    "at most " + MAX_WAREHOUSES + " warehouses and " + MAX_PRODUCTS + " products"));
        }
        return demoData.load(body.warehouses(), body.products());
    }

    /** Replays the ledger (one product, or all) and lists every level that differs from its history. */
    @GET
    @Path("/ledger/verify")
    public LedgerVerification.Report verifyLedger(
            @QueryParam("productId") @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String productId) {
        return verification.verify(productId);
    }
}
