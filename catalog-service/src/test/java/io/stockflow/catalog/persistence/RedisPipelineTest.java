package io.stockflow.catalog.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.catalog.stock.StockKeys;
import io.stockflow.catalog.stock.StockReader;
import io.vertx.core.VertxException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.Test;

/** How the pipeline tells "Redis cannot now" from "Redis refused the command", and where a request goes on a cluster. */
class RedisPipelineTest {

    @Test
    void shouldCallAnErrorReplyOfABatchUnavailableWhenItIsTransient() {
        // a batch's error comes as "ERR [index] <the reply>"
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [1] CLUSTERDOWN Hash slot not served"))).isTrue();
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [0] MOVED 12758 127.0.0.1:7001"))).isTrue();
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [3] LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(RedisPipeline.unavailable(ErrorType.create("TRYAGAIN Multiple keys request during rehashing of slot"))).isTrue();
    }

    @Test
    void shouldCallABatchWhoseConnectionWasLostUnavailable() {
        // how Vert.x 4.5 reports a batch's commands when the node dies under them (seen killing a master)
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [0] java.net.SocketException: Connection reset"))).isTrue();
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [2] CONNECTION_CLOSED"))).isTrue();
        assertThat(RedisPipeline.unavailable(ErrorType.create(
                "ERR [0] io.vertx.core.VertxException: Connection was closed\nERR [1] io.vertx.core.VertxException: Connection was closed")))
                .isTrue();
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [1] io.netty.channel.StacklessClosedChannelException"))).isTrue();
    }

    @Test
    void shouldKeepAnErrorReplyThatRefusesTheCommand() {
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [2] WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisPipeline.unavailable(ErrorType.create("NOSCRIPT No matching script. Please use EVAL."))).isFalse();
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR unknown command 'FOO'"))).isFalse();
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [0] ERR Error running script (call to f_abc): user_script:1: bad"))).isFalse();
        assertThat(RedisPipeline.unavailable(ErrorType.create("ERR [0] value is not an integer or out of range"))).isFalse();
    }

    @Test
    void shouldCallAnythingButAnErrorReplyUnavailable() {
        assertThat(RedisPipeline.unavailable(new VertxException("Connection is closed"))).isTrue();
    }

    @Test
    void shouldRetryABatchOnlyWhileItsSlotMoves() {
        assertThat(SlotBatches.moving(ErrorType.create("ERR [1] MOVED 14239 127.0.0.1:43101"))).isTrue();
        assertThat(SlotBatches.moving(ErrorType.create("ERR [0] CLUSTERDOWN Hash slot not served"))).isTrue();
        assertThat(SlotBatches.moving(ErrorType.create("ASK 3999 127.0.0.1:6381"))).isTrue();
        assertThat(SlotBatches.moving(ErrorType.create("ERR [0] NOSCRIPT No matching script."))).isFalse();
        assertThat(SlotBatches.moving(new VertxException("Connection is closed"))).isFalse();
    }

    @Test
    void shouldPutEveryKeyOfAProductInItsHashTagsSlot() {
        // CLUSTER KEYSLOT foo is 12182 (the Redis Cluster specification's CRC16 example)
        assertThat(SlotBatches.slot(Request.cmd(Command.GET).arg("foo"))).isEqualTo(12182);
        assertThat(SlotBatches.slot(Request.cmd(Command.GET).arg("{foo}:anything"))).isEqualTo(12182);
        int slot = SlotBatches.slot(ProductCache.readRequest("SKU-1"));
        assertThat(SlotBatches.slot(StockReader.request("SKU-1"))).isEqualTo(slot);
        assertThat(SlotBatches.slot(Request.cmd(Command.HGETALL).arg(StockKeys.total("SKU-1")))).isEqualTo(slot);
        assertThat(SlotBatches.slot(Request.cmd(Command.EXISTS).arg(StockKeys.processed("SKU-1", "e-1")))).isEqualTo(slot);
        assertThat(SlotBatches.slot(Request.cmd(Command.EVALSHA).arg("0123").arg(2)
                .arg(StockKeys.total("SKU-1")).arg(StockKeys.processed("SKU-1", "e-1")).arg(1))).isEqualTo(slot);
        assertThat(SlotBatches.slot(Request.cmd(Command.GET).arg(StockKeys.product("SKU-2")))).isNotEqualTo(slot);
        assertThat(SlotBatches.slot(Request.cmd(Command.PING))).isEqualTo(-1);
    }
}
