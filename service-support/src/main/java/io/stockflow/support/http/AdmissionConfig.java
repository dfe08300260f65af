package io.stockflow.support.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How many commands (POST, PUT, PATCH, DELETE) a replica works on at once (INVENTORY_WORKER_COUNT)
 * and how many more may wait for them (INVENTORY_QUEUE_BUFFER_SIZE), the seed's names. Beyond both
 * a command is refused at once with 503 rather than queued behind work it cannot catch up with; and
 * so is one that arrives while the queue stands (INVENTORY_QUEUE_TARGET_DELAY, see StandingQueue).
 */
@ConfigMapping(prefix = "stockflow.admission")
public interface AdmissionConfig {

    @WithDefault("false")
    boolean enabled();

    /** Commands running at once; {@link CommandAdmission#inTurn} holds the rest back in arrival order. */
    @WithDefault("8")
    int workerCount();

    @WithDefault("24")
    int queueBufferSize();

    /**
     * A queue whose shortest wait stayed above this for a whole {@link #queueInterval()} stands: while
     * it does, a command that would wait behind a worker count of others is refused at once. 0: never.
     */
    @WithDefault("5ms")
    Duration queueTargetDelay();

    @WithDefault("100ms")
    Duration queueInterval();
}
