package io.stockflow.catalog.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.catalog.stock.StockKeys;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Where drift repair continues: the warehouse's recently-updated cursor, or a time to start from.
 * Kept in Redis on purpose: when Redis loses its data it loses the checkpoint too, and the next sync
 * then pulls every level, which is exactly the repair a flushed cache needs.
 */
@ApplicationScoped
public class SyncCheckpointStore {

    public record Checkpoint(String cursor, Instant since) {
    }

    private final RedisPipeline redis;
    private final ObjectMapper mapper;

    SyncCheckpointStore(RedisPipeline redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    public Optional<Checkpoint> load() {
        Response reply = redis.sendOne(Request.cmd(Command.GET).arg(StockKeys.SYNC_CHECKPOINT));
        if (reply == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(reply.toBytes(), Checkpoint.class));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    public void save(Checkpoint checkpoint) {
        try {
            redis.sendOne(Request.cmd(Command.SET).arg(StockKeys.SYNC_CHECKPOINT).arg(mapper.writeValueAsBytes(checkpoint)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the checkpoint only if none exists (warming must not rewind a sync that is further on). */
    public void saveIfAbsent(Checkpoint checkpoint) {
        try {
            redis.sendOne(Request.cmd(Command.SET).arg(StockKeys.SYNC_CHECKPOINT)
                    .arg(mapper.writeValueAsBytes(checkpoint)).arg("NX"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
