package io.stockflow.catalog.persistence;

import static io.stockflow.catalog.support.Levels.newProductId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Writes that wait for replicas ({@link RedisPipeline#sendReplicated}) on the Redis of the run: the
 * machine's single Redis has none, the local cluster one per master, so two are more than either has.
 */
@QuarkusTest
class ReplicatedWritesTest {

    private static final Duration ACK_TIMEOUT = Duration.ofMillis(100);

    @Inject
    RedisPipeline redis;

    @Test
    void shouldFailAsUnavailableWhenFewerReplicasThanAskedHoldTheWrites() {
        List<String> keys = keys(newProductId(), newProductId(), newProductId());

        assertThatThrownBy(() -> redis.sendReplicated(writes(keys), 2, ACK_TIMEOUT))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("of the 2 replica(s) asked for held the writes within 100 ms");
        // the master ran them all the same: the caller's retry must be idempotent
        for (String key : keys) {
            assertThat(redis.sendOne(Request.cmd(Command.GET).arg(key)).toString()).isEqualTo("written");
        }
    }

    @Test
    void shouldReturnOnlyTheWritesRepliesWithoutAWaitWhenNoReplicaIsAskedFor() {
        List<Response> replies = redis.sendReplicated(writes(keys(newProductId(), newProductId())), 0, ACK_TIMEOUT);

        assertThat(replies).hasSize(2).allSatisfy(reply -> assertThat(reply.toString()).isEqualTo("OK"));
    }

    /** A key per product, each in its product's slot (on a cluster, a batch per slot). */
    private static List<String> keys(String... productIds) {
        return Arrays.stream(productIds).map(id -> "{" + id + "}:replicated-write").toList();
    }

    private static List<Request> writes(List<String> keys) {
        return keys.stream().map(key -> Request.cmd(Command.SET).arg(key).arg("written").arg("PX").arg(60_000)).toList();
    }
}
