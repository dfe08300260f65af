package io.stockflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every variable the manifests give a service is one the service reads: no setting is silently ignored. */
class EnvironmentTest {

    /** Where the services read their variables: ${NAME} or ${NAME:default} (fallbacks included). */
    private static final List<String> CONFIG_FILES = List.of(
            "warehouse-service/src/main/resources/application.properties",
            "catalog-service/src/main/resources/application.properties",
            "service-support/src/main/resources/META-INF/microprofile-config.properties");

    /** Read by the image's launcher, not by Quarkus: run-java.sh takes JAVA_OPTS, glibc MALLOC_ARENA_MAX. */
    private static final Set<String> LAUNCHER = Set.of("JAVA_OPTS", "MALLOC_ARENA_MAX");

    /**
     * Standard Kafka client settings as KAFKA_&lt;SETTING&gt; variables, which every Kafka client the services
     * build takes (service-support's KafkaClients finds them by name; declaring them in a properties file
     * would hand an empty security.protocol to Quarkus's build): the ones the manifests give.
     */
    private static final Set<String> KAFKA_CLIENT_SETTINGS = Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG");

    /**
     * Variables the parallel branches introduce (the manifests are written for their merged state). Each
     * must not be read yet: once its branch is merged, this test fails until it is removed from here.
     */
    private static final Map<String, String> PENDING = Map.of();

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern COMPOSED = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Set<String> variablesTheServicesRead() {
        Set<String> read = new TreeSet<>();
        for (String file : CONFIG_FILES) {
            if (Files.exists(Repository.ROOT.resolve(file))) {
                Matcher m = REFERENCE.matcher(Repository.read(file));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        return read;
    }

    static List<String> overlays() {
        return Rendered.overlays().toList();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableAServiceContainerGetsIsOneTheServicesRead(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Set<String> known = new TreeSet<>(variablesTheServicesRead());
        known.addAll(LAUNCHER);
        known.addAll(KAFKA_CLIENT_SETTINGS);
        known.addAll(PENDING.keySet());
        for (String service : List.of("warehouse-service", "catalog-service")) {
            Set<String> given = variablesGiven(rendered, rendered.container(service));
            assertThat(given).as(service + " in overlays/" + overlay).isNotEmpty();
            assertThat(known).as("variables %s gets in overlays/%s that no service reads", service, overlay)
                    .containsAll(given);
        }
    }

    @Test
    void pendingVariablesAreNotReadYet() {
        Set<String> read = variablesTheServicesRead();
        assertThat(PENDING.keySet()).as("read now: remove these from EnvironmentTest.PENDING")
                .noneMatch(read::contains);
    }

    @Test
    void theCheckSeesTheServicesVariables() {
        assertThat(variablesTheServicesRead()).contains("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_TOPIC", "KAFKA_DLQ_TOPIC",
                "REDIS_URL", "WAREHOUSE_DB_URL", "CATALOG_DB_URL", "DB_POOL_MAX", "AUTH_ENABLED");
    }

    @Test
    void theReadmeConfigurationTableListsEveryVariableTheServicesRead() {
        String readme = Repository.read("README.md");
        int start = readme.indexOf("\n## Configuration");
        String table = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Set<String> listed = new TreeSet<>();
        for (String line : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]*)`").matcher(line.substring(0, line.indexOf(" |", 2)));
            while (m.find()) {
                listed.add(m.group(1));
            }
        }
        assertThat(listed).as("README.md, Configuration: a row per variable, with its default")
                .containsAll(variablesTheServicesRead());
    }

    /** ConfigMap and Secret keys taken whole (envFrom) and single variables (env), less pure compositions. */
    private static Set<String> variablesGiven(Rendered rendered, JsonNode container) {
        Set<String> given = new LinkedHashSet<>();
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("configMapRef")) {
                keys(rendered.get("ConfigMap", source.path("configMapRef").path("name").asText()).path("data"), given);
            } else if (source.has("secretRef")) {
                JsonNode secret = rendered.get("Secret", source.path("secretRef").path("name").asText());
                keys(secret.path("stringData"), given);
                keys(secret.path("data"), given);
            }
        }
        Set<String> composing = new TreeSet<>();
        for (JsonNode variable : container.path("env")) {
            given.add(variable.path("name").asText());
            Matcher m = COMPOSED.matcher(variable.path("value").asText(""));
            while (m.find()) {
                composing.add(m.group(1));
            }
        }
        given.removeAll(composing);
        return given;
    }

    private static void keys(JsonNode map, Set<String> into) {
        for (Iterator<String> it = map.fieldNames(); it.hasNext();) {
            into.add(it.next());
        }
    }
}
