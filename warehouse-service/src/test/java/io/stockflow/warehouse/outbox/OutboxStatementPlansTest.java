package io.stockflow.warehouse.outbox;

import static io.stockflow.warehouse.support.OutboxFixtures.unstampedRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockflow.warehouse.support.QueryPlan;
import io.stockflow.warehouse.support.ScratchSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay's housekeeping statements run every few seconds over an outbox that holds a day of events:
 * their plans must stay bounded whatever the table's statistics say, since those are often taken at a
 * moment unlike the present (a backlog being stamped, an outbox pruned empty).
 */
class OutboxStatementPlansTest {

    @RegisterExtension
    final ScratchSchema schema = ScratchSchema.migratedTo("outbox_plans_test", "latest");

    @Test
    void shouldCountTheBacklogByIndexWhenStatisticsSayEveryRowWaitsForItsStamp() throws SQLException {
        schema.execute(unstampedRows(1, 20000) + """
                ANALYZE outbox;
                UPDATE outbox SET position = id;
                UPDATE outbox_watermark SET published_through = 20000;""");

        List<JsonNode> scans = outboxScans(false, OutboxPipelineRepository.BACKLOG,
                OutboxPipelineRepository.BACKLOG_UNSTAMPED_CAP);

        assertThat(scans).extracting(scan -> scan.path("Node Type").asText())
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

        List<JsonNode> scans = outboxScans(true, OutboxPipelineRepository.PRUNE, chunk, 24 * 3600.0);

        assertThat(scans).isNotEmpty();
        for (JsonNode scan : scans) {
            long read = scan.path("Actual Rows").asLong() * scan.path("Actual Loops").asLong()
                    + scan.path("Rows Removed by Filter").asLong() + scan.path("Rows Removed by Index Recheck").asLong();
            assertThat(read).as("rows read by %s", scan.path("Node Type").asText()).isLessThanOrEqualTo(chunk);
        }
        assertThat(schema.single("SELECT count(*) FROM outbox")).as("the chunk was deleted").isEqualTo(20000 - chunk);
    }

    /** The outbox's scans in the statement's plan; with ANALYZE the statement runs, and commits. */
    private List<JsonNode> outboxScans(boolean analyze, String sql, Object... parameters) throws SQLException {
        try (Connection c = schema.dataSource().getConnection()) {
            return QueryPlan.explain(c, analyze ? "ANALYZE" : "", sql, parameters).nodes(QueryPlan.scansOf("outbox"));
        }
    }
}
