package io.stockflow.support.http;

import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * From the moment the process is told to stop (SIGTERM), every new API request is answered 503
 * service_unavailable with Retry-After and Connection: close, before it does anything; requests
 * already started finish (quarkus.shutdown.timeout). Quarkus alone keeps serving new requests until
 * the last one in flight is done and then closes the connections: requests that came in that gap ran
 * to their commit while their answers were cut off (the e2e SIGTERM test found three in one run). The
 * switch is Quarkus's shutdown-delay event (quarkus.shutdown.delay-enabled), fired before the delay
 * (SHUTDOWN_DELAY) and the wait for requests in flight: what was admitted before it finishes during
 * the delay, nothing is admitted after it. Health and metrics are on the management interface and
 * unaffected.
 */
@ApplicationScoped
public class ShutdownDrain {

    /** First of all routes, ahead of {@link HttpLimits}. */
    static final int ORDER = Integer.MIN_VALUE + 1;
    static final int RETRY_AFTER_SECONDS = 1;

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Duration timeout;
    private volatile boolean draining;

    ShutdownDrain(@ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.timeout = timeout.orElse(Duration.ofSeconds(20));
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::admit);
    }

    void drain(@Observes ShutdownDelayInitiatedEvent stopping) {
        draining = true;
    }

    /**
     * Holds the shutdown, before the HTTP server closes its connections, until every request admitted
     * has written its answer: Quarkus's own wait let connections close under answers of commands that
     * had committed (the e2e SIGTERM test, under load).
     */
    void awaitAnswers(@Observes ShutdownEvent stopped) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        if (inFlight.get() > 0) {
            LOG.warnf("shutting down with %d requests still unanswered after %s", inFlight.get(), timeout);
        }
    }

    private void admit(RoutingContext context) {
        if (!draining) {
            inFlight.incrementAndGet();
            context.addEndHandler(ended -> inFlight.decrementAndGet());
            context.next();
            return;
        }
        Problem.of(ErrorType.SERVICE_UNAVAILABLE, "this replica is shutting down; nothing was done, retry in "
                        + RETRY_AFTER_SECONDS + " s (another replica, or this one restarted, will answer)")
                .end(context.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                        .putHeader("Connection", "close"));
    }
}
