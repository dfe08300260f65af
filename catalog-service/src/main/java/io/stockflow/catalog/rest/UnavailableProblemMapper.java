package io.stockflow.catalog.rest;

import io.smallrye.mutiny.TimeoutException;
import io.stockflow.catalog.persistence.RedisUnavailableException;
import io.stockflow.catalog.service.StockReadThrough;
import io.stockflow.support.problem.ProblemException;
import io.stockflow.support.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A dependency that does not answer (Redis, or the warehouse for stock Redis lacks) is a 503 the
 * client may retry (with Retry-After); what both
 * services refuse alike is mapped by service-support's ProblemMappers.
 */
public class UnavailableProblemMapper {

    private static final Logger LOG = Logger.getLogger(UnavailableProblemMapper.class);

    /** Seconds a client should wait before retrying after a 503: Redis timeouts clear as load drops. */
    static final int RETRY_AFTER_SECONDS = 1;

    /** The warehouse's client retries for about a second already; give it a few more. */
    static final int WAREHOUSE_RETRY_AFTER_SECONDS = 5;

    private final ProblemMappers problems = new ProblemMappers();

    /** Stock Redis lacks while the warehouse cannot be read: never served as null stock. */
    @ServerExceptionMapper
    public Response stockUnavailable(StockReadThrough.StockUnavailableException e) {
        return problems.problem(ProblemException.unavailable(e.getMessage() + "; retry shortly",
                WAREHOUSE_RETRY_AFTER_SECONDS));
    }

    /** Redis timed out or is down (a read or an event pushed over HTTP); not logged as an error: it is not ours. */
    @ServerExceptionMapper({ RedisUnavailableException.class, TimeoutException.class })
    public Response unavailable(RuntimeException e) {
        LOG.debugf("answering 503: %s", e.toString());
        return problems.problem(ProblemException.unavailable(
                "a dependency of the catalog did not answer in time; retry shortly", RETRY_AFTER_SECONDS));
    }
}
