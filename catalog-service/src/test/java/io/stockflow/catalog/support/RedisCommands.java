package io.stockflow.catalog.support;

import io.stockflow.catalog.persistence.RedisPipeline;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Commands the Redis server has run so far, by INFO commandstats, as the benchmark counts them: every
 * command a script runs counts as well as its EVALSHA; INFO's own are left out. The counts are the
 * server's, across its databases.
 */
public final class RedisCommands {

    private RedisCommands() {
    }

    public static long all(RedisPipeline redis) {
        return calls(redis, command -> !command.equals("info"));
    }

    /** Script calls (EVALSHA, EVAL): each is one apply of the stock script. */
    public static long scripts(RedisPipeline redis) {
        return calls(redis, command -> command.equals("evalsha") || command.equals("eval"));
    }

    private static long calls(RedisPipeline redis, Predicate<String> counted) {
        String info = redis.sendOne(Request.cmd(Command.INFO).arg("commandstats")).toString(StandardCharsets.UTF_8);
        long calls = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_") && counted.test(line.substring("cmdstat_".length(), line.indexOf(':')))) {
                int from = line.indexOf("calls=") + "calls=".length();
                calls += Long.parseLong(line.substring(from, line.indexOf(',', from)));
            }
        }
        return calls;
    }
}
