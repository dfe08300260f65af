package io.stockflow.support.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockflow.support.problem.ErrorType;
import io.stockflow.support.problem.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How many commands a replica takes on, in both its halves. At the edge it sheds load instead of
 * queueing it: at most workers + queue commands are in a replica at once; the next is answered 503
 * service_unavailable with Retry-After before it costs anything, counted in
 * inventory_commands_shed_total. Past what the service sustains, waiting only makes every request
 * late (the benchmark's overload step queued to p50 843 ms); refusing the excess keeps the latency of
 * what is accepted. A burst may fill the queue up to that bound; a queue that stands (its shortest
 * wait above INVENTORY_QUEUE_TARGET_DELAY for a whole interval, {@link StandingQueue}) sheds every
 * command that would wait behind a worker count of others, so what is accepted waits about one
 * command's time, not the whole queue's. Reads are not bounded here: they are cheap and never hold locks. Inside, the
 * service runs each admitted command {@link #inTurn in turn}: at most workers at once, the others
 * waiting in arrival order, holding no connection, instead of all contending for the database's
 * cores and rows at once.
 */
@ApplicationScoped
public class CommandAdmission {

    /** After {@link HttpLimits}, before authentication and the resources. */
    static final int ORDER = HttpLimits.ORDER + 5;
    static final int RETRY_AFTER_SECONDS = 1;

    private final AdmissionConfig config;
    private final int bound;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shedAtBound;
    private final Counter shedWhileStanding;
    /** A turn each; fair, so the commands admitted run in the order they arrived. */
    private final Semaphore workers;
    /** Null when INVENTORY_QUEUE_TARGET_DELAY is 0: only the bound sheds. */
    private final StandingQueue queue;
    private final LongSupplier clock;

    @Inject
    CommandAdmission(AdmissionConfig config, MeterRegistry registry) {
        this(config, registry, System::nanoTime);
    }

    CommandAdmission(AdmissionConfig config, MeterRegistry registry, LongSupplier clock) {
        this.config = config;
        this.bound = config.workerCount() + config.queueBufferSize();
        if (config.workerCount() < 1 || config.queueBufferSize() < 0) {
            throw new IllegalArgumentException("INVENTORY_WORKER_COUNT must be at least 1 and INVENTORY_QUEUE_BUFFER_SIZE at least 0");
        }
        this.workers = new Semaphore(config.workerCount(), true);
        this.clock = clock;
        this.queue = config.queueTargetDelay().isZero() ? null
                : new StandingQueue(config.queueTargetDelay().toNanos(), config.queueInterval().toNanos(), clock);
        String description = "commands refused with 503: at the bound, the replica had as many in progress and waiting "
                + "as it admits; standing, its queue had not drained for an interval";
        this.shedAtBound = Counter.builder("inventory.commands.shed").tag("reason", "bound")
                .description(description).register(registry);
        this.shedWhileStanding = Counter.builder("inventory.commands.shed").tag("reason", "standing")
                .description(description).register(registry);
        Gauge.builder("inventory.commands.in_flight", inFlight, AtomicInteger::get)
                .description("commands in progress or waiting in this replica")
                .register(registry);
    }

    void install(@Observes Router router) {
        if (config.enabled()) {
            router.route().order(ORDER).handler(this::admit);
        }
    }

    /**
     * Runs an admitted command once it is its turn: at most INVENTORY_WORKER_COUNT at once, the
     * others waiting in arrival order. With admission off, at once.
     */
    public <T> T inTurn(Supplier<T> command) {
        if (!config.enabled()) {
            return command.get();
        }
        long arrived = queue == null ? 0 : clock.getAsLong();
        workers.acquireUninterruptibly();
        try {
            if (queue != null) {
                queue.left(clock.getAsLong() - arrived);
            }
            return command.get();
        } finally {
            workers.release();
        }
    }

    /** Counts a command in, or says why it is refused (null: admitted; {@link #leave} once it ended). */
    String enter() {
        int admitted = inFlight.incrementAndGet();
        String refusal = null;
        if (admitted > bound) {
            shedAtBound.increment();
            refusal = "this replica is working on as many commands as it admits (" + bound + ")";
        } else if (queue != null) {
            int waiting = admitted - 1 - (config.workerCount() - workers.availablePermits());
            if (waiting >= config.workerCount() && queue.standing(waiting)) {
                shedWhileStanding.increment();
                refusal = "this replica's commands have waited longer than " + config.queueTargetDelay().toMillis()
                        + " ms for a whole " + config.queueInterval().toMillis() + " ms: it is taking on more than it does";
            }
        }
        if (refusal != null) {
            inFlight.decrementAndGet();
        }
        return refusal;
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    private void admit(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        String refusal = enter();
        if (refusal != null) {
            Problem.of(ErrorType.SERVICE_UNAVAILABLE, refusal + "; nothing was changed, retry in " + RETRY_AFTER_SECONDS + " s")
                    .end(context.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
            return;
        }
        context.addEndHandler(ended -> leave());
        context.next();
    }
}
