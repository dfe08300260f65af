package io.stockflow.warehouse.outbox;

import static io.stockflow.warehouse.support.OutboxFixtures.unstampedRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockflow.warehouse.support.ScratchSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's housekeeping statements run every few seconds over an outbox that holds a day of events:
 * their plans must stay bounded whatever the table's statistics say, since those are often taken at a
 * moment unlike the present (a backlog being stamped, an outbox pruned empty).
 */
class OutboxStatementPlansTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScratchSchema schema;

    @BeforeEach
    void migratedSchema() throws SQLException {
        schema = new ScratchSchema("outbox_plans_test").migrateTo("latest");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        schema.close();
    }

    @Test
    void shouldCountTheBacklogByIndexWhenStatisticsSayEveryRowWaitsForItsStamp() throws SQLException {
        schema.execute(unstampedRows(1, 20000) + """
                ANALYZE outbox;
                UPDATE outbox SET position = id;
                UPDATE outbox_watermark SET published_through = 20000;""");

        JsonNode plan = explain(false, OutboxPipelineRepository.BACKLOG, OutboxPipelineRepository.BACKLOG_UNSTAMPED_CAP);

        assertThat(outboxScans(plan)).extracting(scan -> scan.path("Node Type").asText())
                .isNotEmpty().doesNotContain("Seq Scan");
    }

    @Test
    void shouldReadOnlyItsChunkWhenStatisticsWereTakenBeforeTheRowsWereStamped() throws SQLException {
        schema.execute("""
                INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data, created_at)
                SELECT gen_random_uuid(), 'warehouse.stock.adjusted', 'SKU-1', s, now(), '{}', now() - interval '25 hours'
                FROM generate_series(1, 20000) s;
                ANALYZE outbox;
                UPDATE outbox SET position = sequence;
                UPDATE outbox_watermark SET published_through = 20000;""");
        int chunk = 1000;

        JsonNode plan = explain(true, OutboxPipelineRepository.PRUNE, chunk, 24 * 3600.0);

        List<JsonNode> scans = outboxScans(plan);
        assertThat(scans).isNotEmpty();
        for (JsonNode scan : scans) {
            long read = scan.path("Actual Rows").asLong() * scan.path("Actual Loops").asLong()
                    + scan.path("Rows Removed by Filter").asLong() + scan.path("Rows Removed by Index Recheck").asLong();
            assertThat(read).as("rows read by %s", scan.path("Node Type").asText()).isLessThanOrEqualTo(chunk);
        }
        assertThat(schema.single("SELECT count(*) FROM outbox")).as("the chunk was deleted").isEqualTo(20000 - chunk);
    }

    /** EXPLAIN (FORMAT JSON) of the statement with its parameters; with ANALYZE it runs, and commits. */
    private JsonNode explain(boolean analyze, String sql, Object... parameters) throws SQLException {
        try (Connection c = schema.dataSource().getConnection();
                PreparedStatement explain = c.prepareStatement(
                        "EXPLAIN (FORMAT JSON" + (analyze ? ", ANALYZE" : "") + ") " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = explain.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1)).get(0).get("Plan");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static List<JsonNode> outboxScans(JsonNode plan) {
        List<JsonNode> scans = new ArrayList<>();
        collect(plan, scans);
        return scans;
    }

    private static void collect(JsonNode node, List<JsonNode> scans) {
        if ("outbox".equals(node.path("Relation Name").asText()) && node.path("Node Type").asText().endsWith("Scan")) {
            scans.add(node);
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, scans);
        }
    }
}
