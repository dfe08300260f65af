package io.stockflow.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** An overlay as `kubectl kustomize` renders it, rendered once per test run. */
record Rendered(String overlay, List<ObjectNode> objects) {

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    static Rendered overlay(String name) {
        return CACHE.computeIfAbsent(name, n -> new Rendered(n, Kustomize.render(Repository.OVERLAYS.resolve(n))));
    }

    /** Every overlay under deploy/k8s/overlays: a new one is validated without a change here. */
    static Stream<String> overlays() {
        try (Stream<Path> dirs = Files.list(Repository.OVERLAYS)) {
            return dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + " " + name));
    }

    /** The only container of a service's Deployment. */
    JsonNode container(String deployment) {
        JsonNode containers = get("Deployment", deployment).path("spec").path("template").path("spec").path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(deployment + " has " + containers.size() + " containers");
        }
        return containers.get(0);
    }
}
