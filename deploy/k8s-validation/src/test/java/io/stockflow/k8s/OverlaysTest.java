package io.stockflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OverlaysTest {

    private static final List<String> SERVICES = List.of("warehouse-service", "catalog-service");
    private static final ManifestValidator VALIDATOR = new ManifestValidator();

    static List<String> overlays() {
        return Rendered.overlays().toList();
    }

    @Test
    void bothOverlaysExist() {
        assertThat(overlays()).contains("local", "production");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyRenderedObjectMatchesItsModelOrSchema(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> violations = new ArrayList<>();
        for (ObjectNode object : rendered.objects()) {
            violations.addAll(VALIDATOR.violations(object));
        }
        assertThat(rendered.objects()).hasSizeGreaterThan(10);
        assertThat(violations).as("violations in overlays/" + overlay).isEmpty();
    }

    @Test
    void productionRendersTheInfrastructureTheServicesAndTheirOperationsObjects() {
        Rendered production = Rendered.overlay("production");
        assertThat(production.objects()).extracting(o -> o.path("kind").asText()).contains(
                "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "Database", "Pooler", "RedisReplication",
                "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "PodMonitor",
                "PrometheusRule", "ConfigMap", "Secret");
        JsonNode topic = production.get("KafkaTopic", "warehouse.stock").path("spec");
        assertThat(topic.path("partitions").asInt()).isEqualTo(12);
        assertThat(topic.path("replicas").asInt()).isEqualTo(3);
        assertThat(topic.path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(production.find("KafkaTopic", "warehouse.stock.dlq")).isPresent();
        assertThat(production.ofKind("KafkaNodePool")).extracting(p -> p.path("spec").path("replicas").asInt())
                .containsExactlyInAnyOrder(3, 3);
        assertThat(production.get("Cluster", "stockflow-postgres").path("spec").path("instances").asInt()).isEqualTo(3);
        assertThat(production.get("Pooler", "stockflow-postgres-pooler-rw").path("spec").path("pgbouncer")
                .path("poolMode").asText()).isEqualTo("transaction");
        JsonNode redis = production.get("RedisReplication", "stockflow-redis").path("spec");
        assertThat(redis.path("clusterSize").asInt()).isEqualTo(3);
        assertThat(redis.path("sentinel").path("size").asInt()).isEqualTo(3);
        assertThat(production.get("Deployment", "warehouse-service").path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode hpa = production.get("HorizontalPodAutoscaler", "catalog-service").path("spec");
        assertThat(hpa.path("maxReplicas").asInt()).as("no more consumers than partitions")
                .isLessThanOrEqualTo(topic.path("partitions").asInt());
        assertThat(production.ofKind("ConfigMap")).anySatisfy(dashboards -> {
            assertThat(dashboards.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
            for (String board : List.of("overview", "events", "cache", "database")) {
                assertThat(dashboards.path("data").path("stockflow-" + board + ".json").asText()).contains("\"uid\"");
            }
        });
    }

    @Test
    void theLocalOverlayRunsOneOfEverything() {
        Rendered local = Rendered.overlay("local");
        for (String service : SERVICES) {
            assertThat(local.get("Deployment", service).path("spec").path("replicas").asInt(1)).isEqualTo(1);
        }
        assertThat(local.ofKind("KafkaNodePool")).singleElement().satisfies(pool -> {
            assertThat(pool.path("spec").path("replicas").asInt()).isEqualTo(1);
            assertThat(pool.path("spec").path("roles")).extracting(JsonNode::asText).contains("controller", "broker");
        });
        assertThat(local.ofKind("KafkaTopic")).allSatisfy(t -> assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(local.get("Cluster", "stockflow-postgres").path("spec").path("instances").asInt()).isEqualTo(1);
        assertThat(local.get("Pooler", "stockflow-postgres-pooler-rw").path("spec").path("instances").asInt()).isEqualTo(1);
        assertThat(local.get("RedisReplication", "stockflow-redis").path("spec").path("clusterSize").asInt()).isEqualTo(1);
        assertThat(local.ofKind("HorizontalPodAutoscaler")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesAreProbedAndScrapedOnTheManagementPort(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (String service : SERVICES) {
            JsonNode container = rendered.container(service);
            assertThat(container.path("ports")).anySatisfy(port -> {
                assertThat(port.path("name").asText()).isEqualTo("management");
                assertThat(port.path("containerPort").asInt()).isEqualTo(9000);
            });
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(container.path(probe).path("httpGet").path("port").asText()).as(service + " " + probe)
                        .isEqualTo("management");
            }
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        }
        assertThat(rendered.ofKind("PodMonitor")).singleElement().satisfies(monitor -> {
            JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
            assertThat(endpoint.path("port").asText()).isEqualTo("management");
            assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
            assertThat(monitor.path("spec").path("selector").path("matchExpressions").get(0).path("values"))
                    .extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(SERVICES);
        });
    }

    /** Waiting for more replicas than Redis has would hold every event back; waiting for none where it has some loses them in a failover. */
    @ParameterizedTest
    @MethodSource("overlays")
    void theCatalogsWritesWaitForAReplicaExactlyWhenItsRedisHasOne(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        int replicas = rendered.get("RedisReplication", "stockflow-redis").path("spec").path("clusterSize").asInt() - 1;
        int acks = 0;
        for (JsonNode variable : rendered.container("catalog-service").path("env")) {
            if (variable.path("name").asText().equals("CATALOG_CACHE_REPLICA_ACKS")) {
                acks = Integer.parseInt(variable.path("value").asText());
            }
        }
        assertThat(acks).as("CATALOG_CACHE_REPLICA_ACKS in overlays/%s, beside %d Redis replica(s)", overlay, replicas)
                .isEqualTo(replicas > 0 ? 1 : 0);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void authenticationIsOnAndProductionLimitsRates(String overlay) {
        JsonNode config = Rendered.overlay(overlay).get("ConfigMap", "stockflow-config").path("data");
        assertThat(config.path("AUTH_ENABLED").asText()).isEqualTo("true");
        if (overlay.equals("production")) {
            assertThat(config.path("RATE_LIMIT_ENABLED").asText()).isEqualTo("true");
        }
    }
}
