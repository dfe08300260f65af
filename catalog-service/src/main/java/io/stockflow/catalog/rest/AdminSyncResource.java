package io.stockflow.catalog.rest;

import io.stockflow.catalog.service.StockSync;
import io.stockflow.support.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Runs the drift sync now, for an operator who knows Redis lost data (and for the end-to-end tests). */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/admin/stock/sync")
@Produces(MediaType.APPLICATION_JSON)
public class AdminSyncResource {

    private final StockSync sync;

    AdminSyncResource(StockSync sync) {
        this.sync = sync;
    }

    @POST
    public StockSync.SyncResult syncNow() {
        return sync.syncOnce();
    }
}
