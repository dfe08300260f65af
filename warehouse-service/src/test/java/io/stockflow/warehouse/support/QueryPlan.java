package io.stockflow.warehouse.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The plan PostgreSQL gives a statement ({@code EXPLAIN (FORMAT JSON …)}), and the nodes of its tree. */
public final class QueryPlan {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;

    private QueryPlan(JsonNode root) {
        this.root = root;
    }

    /**
     * The plan of {@code sql} with its parameters, on the caller's connection and in its transaction;
     * {@code options} as EXPLAIN takes them after FORMAT JSON ("ANALYZE, BUFFERS", or "" for none). With
     * ANALYZE the statement runs: the caller commits or rolls back.
     */
    public static QueryPlan explain(Connection connection, String options, String sql, Object... parameters)
            throws SQLException {
        String explain = "EXPLAIN (FORMAT JSON" + (options.isBlank() ? "" : ", " + options) + ") " + sql;
        try (PreparedStatement statement = connection.prepareStatement(explain)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new QueryPlan(JSON.readTree(rs.getString(1)).get(0).get("Plan"));
            }
        } catch (IOException e) {
            throw new AssertionError("EXPLAIN gave no JSON", e);
        }
    }

    /** The plan's nodes that match, the tree walked depth first. */
    public List<JsonNode> nodes(Predicate<JsonNode> which) {
        List<JsonNode> found = new ArrayList<>();
        collect(root, which, found);
        return found;
    }

    /** Nodes that scan {@code table} (sequentially, by an index or a bitmap). */
    public static Predicate<JsonNode> scansOf(String table) {
        return node -> table.equals(node.path("Relation Name").asText()) && node.path("Node Type").asText().endsWith("Scan");
    }

    /** Nodes that read {@code index}. */
    public static Predicate<JsonNode> reads(String index) {
        return node -> index.equals(node.path("Index Name").asText());
    }

    private static void collect(JsonNode node, Predicate<JsonNode> which, List<JsonNode> found) {
        if (which.test(node)) {
            found.add(node);
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, which, found);
        }
    }
}
