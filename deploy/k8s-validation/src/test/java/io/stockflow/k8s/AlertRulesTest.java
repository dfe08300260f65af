package io.stockflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules (deploy/dashboards/prometheus-alerts.yaml, a PrometheusRule) against their
 * {@code promtool test rules} unit tests in deploy/dashboards/tests: the rule file they load is the
 * PrometheusRule's spec, written out as Prometheus reads it.
 */
class AlertRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DASHBOARDS = Repository.ROOT.resolve("deploy/dashboards");
    private static final Path TESTS = DASHBOARDS.resolve("tests");

    @Test
    void everyAlertPassesPromtoolsUnitTests(@TempDir Path dir) throws Exception {
        Path promtool = Promtool.find();
        Assumptions.assumeTrue(promtool != null, "SKIPPED: promtool not found (" + Promtool.WHERE
                + "); .ci/run installs it from Debian's prometheus package");
        YAML.writeValue(dir.resolve("stockflow-rules.yaml").toFile(), rules());
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        for (Path test : testFiles()) {
            Files.copy(test, dir.resolve(test.getFileName()));
            command.add(test.getFileName().toString());
        }
        Promtool.Result check = Promtool.run(dir, List.of(promtool.toString(), "check", "rules", "stockflow-rules.yaml"));
        assertThat(check.exitCode()).as(check.output()).isZero();
        Promtool.Result tests = Promtool.run(dir, command);
        assertThat(tests.exitCode()).as(tests.output()).isZero();
    }

    @Test
    void everyAlertHasAFiringAndANotFiringTest() throws IOException {
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Path file : testFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String alert = check.path("alertname").asText();
                    (check.path("exp_alerts").isEmpty() ? quiet : firing).add(alert);
                }
            }
        }
        List<String> alerts = alertNames();
        assertThat(alerts).hasSizeGreaterThan(15);
        assertThat(firing).as("alerts with a test that expects them to fire").containsAll(alerts);
        assertThat(quiet).as("alerts with a test that expects them not to fire").containsAll(alerts);
    }

    @Test
    void theSeedsAlertsAreAllThere() {
        assertThat(alertNames()).contains(
                "StockflowEventDeliveryFailures", "StockflowCacheMissRateHigh", "StockflowWorkerQueueOverflow",
                "StockflowDbConnectionsExhausted", "StockflowEventLatencyHigh", "StockflowCacheHitRateLow",
                "StockflowWorkerProcessingSlow", "StockflowDbQuerySlow", "StockflowOutboxStalled",
                "StockflowCatalogConsumerLag", "StockflowNoReadyReplica");
    }

    static JsonNode rules() {
        try {
            return YAML.readTree(DASHBOARDS.resolve("prometheus-alerts.yaml").toFile()).path("spec");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> alertNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode group : rules().path("groups")) {
            group.path("rules").forEach(rule -> names.add(rule.path("alert").asText()));
        }
        return names;
    }

    private static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(TESTS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
