package io.stockflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator refuses what the API server or an operator would: it can fail. */
class ManifestValidatorTest {

    private static final ManifestValidator VALIDATOR = new ManifestValidator();

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              %s
              selector:
                matchLabels:
                  app: demo
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  containers:
                    - name: app
                      image: demo
                      livenessProbe:
                        httpGet:
                          path: /q/health/live
                          %s: management
            """;

    private static List<String> violations(String yaml) {
        ObjectNode object = Kustomize.parse(yaml).get(0);
        return VALIDATOR.violations(object);
    }

    @Test
    void aValidDeploymentPasses() {
        assertThat(violations(DEPLOYMENT.formatted("replicas: 2", "port"))).isEmpty();
    }

    @Test
    void aMisspelledDeploymentFieldIsRefused() {
        assertThat(violations(DEPLOYMENT.formatted("replicass: 2", "port")))
                .singleElement().asString().contains("Deployment demo", "spec.replicass", "unknown field");
    }

    @Test
    void aMisspelledFieldDeepInThePodTemplateIsRefused() {
        assertThat(violations(DEPLOYMENT.formatted("replicas: 2", "prot")))
                .singleElement().asString().contains("containers[0].livenessProbe.httpGet.prot");
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        assertThat(violations(DEPLOYMENT.formatted("replicas: two", "port"))).isNotEmpty();
    }

    @Test
    void aKindWithoutModelOrSchemaIsRefused() {
        assertThat(violations("apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: demo\n"))
                .singleElement().asString().contains("no model or schema");
        assertThat(violations("apiVersion: extensions/v1beta1\nkind: Ingres\nmetadata:\n  name: demo\n")).isNotEmpty();
    }

    @Test
    void strimziKindsAreReadByStrimzisModelAndItsSchema() {
        String pool = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata:
                  name: broker
                  labels:
                    strimzi.io/cluster: demo
                spec:
                  %s: 3
                  roles: [broker]
                  storage:
                    type: ephemeral
                """;
        assertThat(violations(pool.formatted("replicas"))).isEmpty();
        assertThat(violations(pool.formatted("replicass"))).anySatisfy(v -> assertThat(v).contains("spec.replicass"));
        assertThat(violations(pool.formatted("replicas").replace("[broker]", "[brokers]")))
                .anySatisfy(v -> assertThat(v).contains("roles[0]", "brokers"));
        assertThat(violations(pool.formatted("replicas").replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v2")))
                .anySatisfy(v -> assertThat(v).contains("not one Strimzi 0.49 serves"));
    }

    @Test
    void aKafkaUserIsReadByStrimzisModelAtTheVersionsItServes() {
        String user = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata:
                  name: warehouse-service
                  labels:
                    strimzi.io/cluster: demo
                spec:
                  authentication:
                    type: scram-sha-512
                  authorization:
                    type: simple
                    acls:
                      - resource:
                          type: topic
                          name: warehouse.stock
                          patternType: literal
                        %s: [Write, Describe]
                """;
        assertThat(violations(user.formatted("operations"))).isEmpty();
        assertThat(violations(user.formatted("operationz"))).anySatisfy(v -> assertThat(v).contains("operationz"));
        assertThat(violations(user.formatted("operations").replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v2")))
                .anySatisfy(v -> assertThat(v).contains("not one Strimzi 0.49 serves"));
    }

    @Test
    void cloudNativePgKindsAreCheckedAgainstTheOperatorsSchema() {
        String pooler = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Pooler
                metadata:
                  name: pooler
                spec:
                  cluster:
                    name: db
                  instances: 2
                  type: rw
                  pgbouncer:
                    poolMode: %s
                """;
        assertThat(violations(pooler.formatted("transaction"))).isEmpty();
        assertThat(violations(pooler.formatted("transactions")))
                .singleElement().asString().contains("spec.pgbouncer.poolMode", "is not one of");
        assertThat(violations(pooler.formatted("transaction").replace("  cluster:\n    name: db\n", "")))
                .singleElement().asString().contains("spec.cluster: required field missing");
        assertThat(violations("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: db
                spec:
                  instancess: 3
                  storage:
                    size: 1Gi
                """)).containsExactlyInAnyOrder("Cluster db: spec.instancess: unknown field",
                "Cluster db: spec.instances: required field missing");
    }

    @Test
    void prometheusOperatorAndRedisOperatorKindsAreCheckedAgainstTheirSchemas() {
        assertThat(violations("""
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata:
                  name: demo
                spec:
                  selector: {}
                  podMetricsEndpoints:
                    - prot: management
                """)).singleElement().asString().contains("spec.podMetricsEndpoints[0].prot: unknown field");
        assertThat(violations("""
                apiVersion: redis.redis.opstreelabs.in/v1beta2
                kind: RedisReplication
                metadata:
                  name: demo
                spec:
                  clusterSize: 3
                """)).singleElement().asString().contains("spec.kubernetesConfig: required field missing");
    }
}
