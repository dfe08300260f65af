package io.stockflow.support.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Allowances against the real Redis: one round trip per block, never more than the budget across replicas. */
class AllowancesTest {

    static Vertx vertx;
    static Redis redis;
    static RedisWindows windows;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, System.getProperty("stockflow.test.redis", "redis://127.0.0.1:6379"));
        windows = new RedisWindows(redis, vertx, Duration.ofSeconds(60), Duration.ofSeconds(2));
    }

    @AfterAll
    static void close() {
        redis.close();
        vertx.close();
    }

    @Test
    void shouldClaimABlockOfAFiftiethOfTheBudgetAndServeItWithoutRedis() throws Exception {
        String key = freshKey();
        Allowances replica = replica();

        RedisWindows.Window first = await(replica.take(key, 1000));
        assertThat(first.count()).isEqualTo(1);
        assertThat(shared(key)).isEqualTo(20);
        for (int i = 2; i <= 20; i++) {
            Future<RedisWindows.Window> taken = replica.take(key, 1000);
            assertThat(taken.succeeded()).as("request %d served from the block at once", i).isTrue();
            assertThat(taken.result().count()).isEqualTo(i);
        }
        assertThat(shared(key)).isEqualTo(20);

        await(replica.take(key, 1000));
        assertThat(shared(key)).isEqualTo(40);
    }

    @Test
    void shouldCountEachRequestWhenTheBudgetIsBelowFiftyBlocks() throws Exception {
        String key = freshKey();
        Allowances replica = replica();
        for (int i = 1; i <= 5; i++) {
            assertThat(await(replica.take(key, 5)).count()).isEqualTo(i);
            assertThat(shared(key)).isEqualTo(i);
        }
        assertThat(await(replica.take(key, 5)).count()).as("over budget").isGreaterThan(5);
    }

    @Test
    void shouldNeverAllowMoreThanTheBudgetAcrossReplicasNorLoseMoreThanABlockEach() throws Exception {
        String key = freshKey();
        long budget = 1000;
        Allowances[] replicas = {replica(), replica()};
        int allowed = 0;
        for (int i = 0; i < 3 * budget; i++) {
            if (await(replicas[(i / 7) % 2].take(key, budget)).count() <= budget) {
                allowed++;
            }
        }
        assertThat(allowed).isBetween((int) (budget - 2 * Allowances.block(budget)), (int) budget);
    }

    @Test
    void shouldRefuseASpentWindowWithoutAskingRedisAgain() throws Exception {
        String key = freshKey();
        Allowances replica = replica();
        for (int i = 0; i < 3; i++) {
            await(replica.take(key, 3));
        }
        RedisWindows.Window refused = await(replica.take(key, 3));
        assertThat(refused.count()).isGreaterThan(3);
        long counted = shared(key);

        for (int i = 0; i < 10; i++) {
            Future<RedisWindows.Window> again = replica.take(key, 3);
            assertThat(again.succeeded()).isTrue();
            assertThat(again.result().count()).isGreaterThan(3);
            assertThat(again.result().millisLeft()).isBetween(1L, 60_000L);
        }
        assertThat(shared(key)).isEqualTo(counted);
    }

    @Test
    void shouldStartAfreshWhenTheWindowEnds() throws Exception {
        RedisWindows shortWindows = new RedisWindows(redis, vertx, Duration.ofMillis(300), Duration.ofSeconds(2));
        Allowances replica = new Allowances(shortWindows, () -> System.nanoTime() / 1_000_000);
        String key = freshKey();
        await(replica.take(key, 1));
        assertThat(await(replica.take(key, 1)).count()).isGreaterThan(1);

        TimeUnit.MILLISECONDS.sleep(400);
        assertThat(await(replica.take(key, 1)).count()).isEqualTo(1);
    }

    @Test
    void shouldFailWhenRedisDoesNotAnswerAndClaimAgainAfterwards() throws Exception {
        Redis nowhere = Redis.createClient(vertx, "redis://127.0.0.1:1");
        Allowances replica = new Allowances(new RedisWindows(nowhere, vertx, Duration.ofSeconds(60), Duration.ofMillis(200)),
                () -> System.nanoTime() / 1_000_000);
        String key = freshKey();
        for (int i = 0; i < 2; i++) {
            Future<RedisWindows.Window> taken = replica.take(key, 1000);
            taken.toCompletionStage().toCompletableFuture().handle((w, e) -> null).get(5, TimeUnit.SECONDS);
            assertThat(taken.failed()).as("attempt %d", i).isTrue();
        }
        nowhere.close();
    }

    private static Allowances replica() {
        return new Allowances(windows, () -> System.nanoTime() / 1_000_000);
    }

    private static String freshKey() {
        return "stockflow:test:allowance:" + UUID.randomUUID();
    }

    private static long shared(String key) throws Exception {
        Response count = await(redis.send(Request.cmd(Command.GET).arg(key)));
        return count == null ? 0 : count.toLong();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
