package io.stockflow.bench;

import io.stockflow.bench.cost.Cost;
import io.stockflow.bench.load.Step;
import io.stockflow.bench.report.Results;
import io.stockflow.bench.sut.Http;
import io.stockflow.bench.system.ServiceProcesses;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What switches that are off by default cost a write: the services restarted with rate limiting on,
 * then with tracing on (exporting to a sink of the harness's own that accepts every OTLP request), then
 * as they were; each primed alike and measured like the cost phase's adjustments. Every side starts
 * equally cold, so the differences are the switches'. Issue 16 bounds rate limiting at +5% of a write;
 * issue 18 asks what tracing costs.
 */
final class VariantsPhase implements Phase {

    /** One configuration: the environment each restarted service gets on top of its own. */
    record Variant(String name, Map<String, Map<String, String>> environment) {
    }

    private static final String OFF = "OTEL_SDK_DISABLED";

    @Override
    public String name() {
        return "variants";
    }

    @Override
    public String title() {
        return "rate limiting's and tracing's cost";
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public boolean restartsServices() {
        return true;
    }

    /** The variants, last the baseline (which leaves the services as run.sh configures them). */
    static List<Variant> variants(int sinkPort) {
        Map<String, String> tracing = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + sinkPort,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", OFF, "false");
        return List.of(
                // per key and minute: 5x the cost phase's write rate, so every request is counted and none refused
                new Variant("rate limit on", Map.of("warehouse", Map.of("RATE_LIMIT_ENABLED", "true",
                        "RATE_LIMIT_TYPE", "key", "RATE_LIMIT_REQUESTS_PER_MINUTE", "60000", OFF, "true"))),
                new Variant("tracing on", Map.of("warehouse", with(tracing, "RATE_LIMIT_ENABLED", "false"),
                        "catalog", tracing)),
                new Variant("baseline", Map.of("warehouse", Map.of("RATE_LIMIT_ENABLED", "false", OFF, "true"),
                        "catalog", Map.of(OFF, "true"))));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.put(key, value);
        return all;
    }

    @Override
    public void run(Bench b) throws Exception {
        for (String service : List.of("warehouse", "catalog")) {
            if (b.processes().pid(service).isEmpty()) {
                b.results().skipped.put(title(), "no live " + service + " PID file in "
                        + b.config().runDir().toAbsolutePath() + ": the harness restarts only what run.sh started");
                return;
            }
        }
        Bench.say("6. what rate limiting and tracing cost: adjustments after restarts with each on, then as configured");
        HttpServer sink = BenchRun.await(b.vertx().createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/x-protobuf").end()))
                .listen(0, "127.0.0.1"), 10);
        try (Http warehouse = management(b, b.config().warehouseManagementUrl());
                Http catalog = management(b, b.config().catalogManagementUrl())) {
            for (Variant variant : variants(sink.actualPort())) {
                restart(b, "warehouse", variant, warehouse);
                restart(b, "catalog", variant, catalog);
                Bench.progress(b.loop().run("prime, " + variant.name(), new Step(b.config().costWriteRate(),
                        Duration.ZERO, b.config().primeLength().multipliedBy(3).dividedBy(2)),
                        b.warehouse().adjustOperation()));
                Cost cost = new CostPhase().adjustments(b, "adjustment, " + variant.name(),
                        "adjustment, " + variant.name());
                b.results().variantCosts.add(new Results.VariantCost(variant.name(), cost));
            }
        } finally {
            sink.close();
        }
    }

    private static Http management(Bench b, String url) {
        return new Http(b.vertx(), url, 2, 10, null, Duration.ofSeconds(5));
    }

    private static void restart(Bench b, String service, Variant variant, Http management) throws Exception {
        Map<String, String> environment = variant.environment().get(service);
        if (environment == null) {
            return;
        }
        ServiceProcesses.Restarted restarted = b.processes().restart(service, Duration.ofSeconds(30), () -> {
        }, environment);
        long deadline = restarted.startedNanos() + b.config().warmupTimeout().toNanos();
        while (true) {
            try {
                BenchRun.await(management.get("/q/health/ready"), 5);
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service + " restarted for '" + variant.name()
                            + "' was not ready in time; see its log", notYet);
                }
                Thread.sleep(100);
            }
        }
    }
}
