package io.stockflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Grafana dashboards in deploy/dashboards: well-formed, shipped, and their legends name real labels. */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DASHBOARDS = Repository.ROOT.resolve("deploy/dashboards");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern AGGREGATION = Pattern.compile("\\s*(?:sum|max|min|avg|count)\\s*\\(");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void theSeedsFourDashboardsAreShippedInTheConfigMap() throws IOException {
        List<String> titles = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            titles.add(dashboard.path("title").asText());
            assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid in " + file).isTrue();
            assertThat(Repository.read("deploy/dashboards/kustomization.yaml")).contains(file.getFileName().toString());
        }
        assertThat(titles).containsExactlyInAnyOrder(
                "Stock System Overview", "Event Processing", "Cache Performance", "Database Performance");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyQueryHasAnExpressionAndItsLegendNamesOnlyLabelsTheQueryKeeps(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries++;
                String expr = target.path("expr").asText();
                String legend = target.path("legendFormat").asText("");
                if (expr.isBlank()) {
                    problems.add(panel.path("title").asText() + ": no expression");
                }
                Set<String> kept = keptLabels(expr);
                Matcher label = LEGEND_LABEL.matcher(legend);
                while (label.find()) {
                    if (kept != null && !kept.contains(label.group(1))) {
                        problems.add(panel.path("title").asText() + ": legend {{" + label.group(1) + "}} but the query keeps " + kept);
                    }
                }
            }
        }
        assertThat(queries).isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void noPanelMergesTwoSeriesWithOr() throws IOException {
        for (Path file : dashboards()) {
            for (JsonNode panel : JSON.readTree(file.toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    // `a or b` with equal label sets drops b: each series is a target of its own
                    assertThat(target.path("expr").asText()).as(panel.path("title").asText()).doesNotContain(") or ");
                }
            }
        }
    }

    /**
     * The labels the first aggregation keeps ({@code sum by (a, b)}: a and b; a plain {@code sum(…)}: none);
     * null when the query does not aggregate or keeps all but some.
     */
    private static Set<String> keptLabels(String expr) {
        Matcher grouping = GROUPING.matcher(expr);
        if (expr.contains("without")) {
            return null;
        }
        if (!grouping.find()) {
            return AGGREGATION.matcher(expr).lookingAt() ? Set.of() : null;
        }
        Set<String> kept = new HashSet<>();
        for (String label : grouping.group(1).split(",")) {
            kept.add(label.trim());
        }
        kept.remove("le");
        return kept;
    }
}
