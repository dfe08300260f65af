package io.stockflow.support.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How many commands (POST, PUT, PATCH, DELETE) a replica works on at once (INVENTORY_WORKER_COUNT)
 * and how many more may wait for them (INVENTORY_QUEUE_BUFFER_SIZE), the seed's names. Beyond both
 * a command is refused at once with 503 rather than queued behind work it cannot catch up with.
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
}
