package io.stockflow.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in this repository; the build passes its root (pom.xml, surefire's stockflow.root). */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("stockflow.root", "../..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path OVERLAYS = K8S.resolve("overlays");

    private Repository() {
    }

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
