package io.stockflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names the Grafana dashboards and the alert rules in deploy/dashboards query, read out of
 * their PromQL: what is left once strings, label matchers, ranges, grouping clauses, functions and
 * operators are taken away. {@code up} is Prometheus's own and not counted.
 */
final class MonitoredMetricNames {

    static final Path DASHBOARDS = Path.of("..", "deploy", "dashboards").toAbsolutePath().normalize();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALERT_EXPR = Pattern.compile("^\\s+expr:\\s*(\\|\\s*)?$|^\\s+expr:\\s*(.+)$");
    private static final Pattern STRIP = Pattern.compile(
            "\"[^\"]*\"|\\{[^}]*}|\\[[^]]*]|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> NOT_METRICS = Set.of("and", "or", "unless", "bool", "offset", "up", "inf", "nan");

    private MonitoredMetricNames() {
    }

    /** Every metric name the dashboards and the alert rules use. */
    static Set<String> all() {
        List<String> expressions = new ArrayList<>(alertExpressions());
        expressions.addAll(dashboardExpressions());
        Set<String> names = new TreeSet<>();
        expressions.forEach(expr -> names.addAll(in(expr)));
        return names;
    }

    static Set<String> in(String expr) {
        String bare = STRIP.matcher(expr).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (!NOT_METRICS.contains(name.group(1).toLowerCase())) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    /** The expr of every rule: single-line, or the block under {@code expr: |}. */
    static List<String> alertExpressions() {
        List<String> lines = read(DASHBOARDS.resolve("prometheus-alerts.yaml")).lines().toList();
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher expr = ALERT_EXPR.matcher(lines.get(i));
            if (!expr.matches()) {
                continue;
            }
            if (expr.group(2) != null) {
                expressions.add(expr.group(2));
                continue;
            }
            int indent = lines.get(i).indexOf('e');
            StringBuilder block = new StringBuilder();
            while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || lines.get(i + 1).indexOf(lines.get(i + 1).trim()) > indent)) {
                block.append(lines.get(++i)).append('\n');
            }
            expressions.add(block.toString());
        }
        return expressions;
    }

    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode expr : JSON.readTree(file.toFile()).findValues("expr")) {
                    expressions.add(expr.asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expressions;
    }

    /** The names of the series a Prometheus text exposition holds. */
    static Set<String> exported(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = l.indexOf('{');
            names.add(l.substring(0, end >= 0 ? end : l.indexOf(' ')));
        });
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
