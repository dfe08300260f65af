package io.stockflow.bench;

import io.stockflow.bench.report.Results;
import io.stockflow.bench.system.ServiceProcesses;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The processes whose CPU and memory a run measures, by name: those deploy/local/run.sh started (its
 * PID files), and the PostgreSQL and Redis servers the system uses.
 */
final class MeasuredProcesses {

    private final BenchConfig config;
    private final Vertx vertx;
    private final WarehouseDatabase database;
    private final ServiceProcesses processes;
    /** The PostgreSQL postmaster and the Redis server the system uses, found once (their ids do not change). */
    private Map<Long, String> servers;

    MeasuredProcesses(BenchConfig config, Vertx vertx, WarehouseDatabase database, ServiceProcesses processes) {
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.processes = processes;
    }

    /** Peak RSS of every process with a live PID file in the run directory; notes their JVM options. */
    Map<String, Long> peakRss(Results results) {
        Map<String, Long> peak = new java.util.TreeMap<>();
        named().forEach((pid, name) -> {
            ServiceProcesses.status(pid, "VmHWM").ifPresent(kb -> peak.put(name, kb));
            ServiceProcesses.jvmOptions(pid).ifPresent(options -> results.jvmOptions.put(name, options));
        });
        return peak;
    }

    /**
     * The postmaster from its data directory's postmaster.pid, Redis from {@code INFO server}: other
     * servers of the same kind on this machine are then told apart from the system's.
     */
    private Map<Long, String> servers() {
        if (servers != null) {
            return servers;
        }
        servers = new HashMap<>();
        try (Connection c = database.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('data_directory')")) {
            rs.next();
            String first = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim();
            servers.put(Long.parseLong(first), "postgres");
        } catch (Exception e) {
            Bench.say("PostgreSQL's postmaster not found (" + e.getMessage() + "): every postgres process counts as its");
        }
        Redis redis = Redis.createClient(vertx, config.redisUrl());
        try {
            String info = BenchRun.await(redis.send(Request.cmd(Command.INFO).arg("server")), 5).toString();
            info.lines().filter(l -> l.startsWith("process_id:")).findFirst()
                    .ifPresent(l -> servers.put(Long.parseLong(l.substring("process_id:".length()).trim()), "redis"));
        } catch (Exception e) {
            Bench.say("Redis's process not found (" + e.getMessage() + "): every redis-server counts as its");
        } finally {
            redis.close();
        }
        return servers;
    }

    /** Each measured process's id and name. */
    Map<Long, String> named() {
        Map<Long, String> named = new HashMap<>(servers());
        try (var files = Files.list(config.runDir())) {
            files.map(Path::getFileName).map(Path::toString).filter(f -> f.endsWith(".pid"))
                    .map(f -> f.substring(0, f.length() - 4)).filter(n -> !n.equals("supervisor"))
                    .forEach(name -> processes.pid(name).ifPresent(pid -> named.put(pid, name)));
        } catch (java.io.IOException e) {
            // no run directory: nothing named
        }
        return named;
    }
}
