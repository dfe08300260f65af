package io.stockflow.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's promtool: $PROMTOOL, the PATH, or where .ci/run unpacks Debian's prometheus package. */
final class Promtool {

    static final String WHERE = "looked at $PROMTOOL, the PATH, .ci/tools/prometheus/usr/bin and /opt/prometheus-pkg/usr/bin";

    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    static Path find() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("PROMTOOL");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "promtool"));
            }
        }
        candidates.add(Repository.ROOT.resolve(".ci/tools/prometheus/usr/bin/promtool"));
        candidates.add(Path.of("/opt/prometheus-pkg/usr/bin/promtool"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
