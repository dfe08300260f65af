package io.stockflow.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Validates rendered objects offline against typed models and schemas, never by eye:
 * <ul>
 * <li>built-in kinds: fabric8's Kubernetes model (a kind or apiVersion it has no class for is refused);</li>
 * <li>Strimzi's kinds: Strimzi's own api model, and its CRD's schema for what the model does not enforce
 * (required fields, enums, the served apiVersion);</li>
 * <li>kinds without a published Java model (CloudNativePG, Prometheus Operator, the redis-operator):
 * their operators' CRD schemas, vendored in src/test/resources/crds at the versions deploy/k8s/README.md
 * names.</li>
 * </ul>
 * An unknown field fails everywhere: the models keep fields they do not know (and values of the wrong
 * type) in additionalProperties, which must stay empty at every depth.
 */
final class ManifestValidator {

    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);

    private final ObjectMapper mapper = new ObjectMapper();
    private final KubernetesSerialization kubernetes = new KubernetesSerialization(mapper, true);
    private final Map<String, CrdSchema> crds = loadCrds();

    /**
     * For a Strimzi kind whose CRD is not vendored (KafkaUser): the versions its model in Strimzi's api
     * module is served at ({@code VERSIONS}); the model alone then checks the fields.
     */
    private static boolean servedByModel(Class<?> model, String apiVersion) {
        if (model == null) {
            return false;
        }
        try {
            List<?> versions = (List<?>) model.getField("VERSIONS").get(null);
            return versions.contains(apiVersion.substring(apiVersion.indexOf('/') + 1));
        } catch (ReflectiveOperationException | ClassCastException e) {
            return false;
        }
    }

    /** Every violation of the object, each with its path; empty when the object is valid. */
    List<String> violations(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String name = kind + " " + object.path("metadata").path("name").asText("(no name)") + ": ";
        List<String> problems = new ArrayList<>();
        CrdSchema schema = crds.get(apiVersion + "/" + kind);
        if (apiVersion.startsWith("kafka.strimzi.io/")) {
            Class<?> model = STRIMZI.get(kind);
            if (model == null) {
                problems.add("no Strimzi model for kind " + kind);
            } else {
                unknownFields(convert(object, model, problems), "", problems);
            }
            if (schema == null && !servedByModel(model, apiVersion)) {
                problems.add("apiVersion " + apiVersion + " of " + kind + " is not one Strimzi 0.49 serves");
            }
        } else if (schema == null) {
            Class<? extends KubernetesResource> model = kubernetes.getRegisteredKubernetesResource(apiVersion, kind);
            if (model == null) {
                problems.add("no model or schema for apiVersion " + apiVersion + ", kind " + kind);
            } else {
                unknownFields(convert(object, model, problems), "", problems);
            }
        }
        if (schema != null) {
            // a CRD's schema leaves metadata to the API server: it is an ObjectMeta like any object's
            ObjectNode body = object.deepCopy();
            JsonNode metadata = body.remove("metadata");
            if (metadata != null) {
                unknownFields(convert(metadata, ObjectMeta.class, problems), "metadata", problems);
                body.putObject("metadata");
            }
            problems.addAll(schema.violations(body));
        }
        return problems.stream().map(name::concat).toList();
    }

    private Object convert(JsonNode object, Class<?> model, List<String> problems) {
        try {
            return mapper.treeToValue(object, model);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("does not read as " + model.getSimpleName() + ": " + e.getMessage());
            return null;
        }
    }

    /** Fields the model kept aside because it has no property of that name (or that type). */
    private void unknownFields(Object value, String path, List<String> problems) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> unknownFields(child, join(path, String.valueOf(key)), problems));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object child : list) {
                unknownFields(child, path + "[" + i++ + "]", problems);
            }
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        BeanDescription bean = mapper.getSerializationConfig().introspect(mapper.constructType(value.getClass()));
        AnnotatedMember anyGetter = bean.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
            unknown.keySet().forEach(field -> problems.add(join(path, String.valueOf(field))
                    + ": unknown field (or a value of the wrong type)"));
        }
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && !property.getName().equals("additionalProperties")) {
                unknownFields(accessor.getValue(value), join(path, property.getName()), problems);
            }
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The served versions of each vendored CRD, by "group/version/Kind". */
    private static Map<String, CrdSchema> loadCrds() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, CrdSchema> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of(ManifestValidator.class.getResource("/crds").toURI()))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode crd = yaml.readTree(file.toFile());
                JsonNode spec = crd.path("spec");
                for (JsonNode version : spec.path("versions")) {
                    if (version.path("served").asBoolean(false)) {
                        schemas.put(spec.path("group").asText() + "/" + version.path("name").asText() + "/"
                                + spec.path("names").path("kind").asText(),
                                new CrdSchema(version.path("schema").path("openAPIV3Schema")));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return schemas;
    }
}
