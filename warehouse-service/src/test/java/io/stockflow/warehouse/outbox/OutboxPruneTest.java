package io.stockflow.warehouse.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.warehouse.outbox.OutboxPipelineRepository.Pruned;
import io.stockflow.warehouse.support.ScratchSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pruning the published prefix of the outbox, a bounded chunk of positions per statement. */
class OutboxPruneTest {

    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration OLD = Duration.ofHours(25);
    private static final Duration YOUNG = Duration.ofHours(1);

    @RegisterExtension
    final ScratchSchema schema = ScratchSchema.migratedTo("outbox_prune_test", "latest");
    private final OutboxPipelineRepository outbox = new OutboxPipelineRepository(schema.dataSource());


    @Test
    void shouldDeleteThePublishedPrefixPastTheRetentionAChunkAtATime() throws SQLException {
        rows(OLD, 1, 2, 3, 4, 5);
        publishedThrough(5);

        assertThat(outbox.prunePublished(RETENTION, 2)).isEqualTo(new Pruned(2, true));
        assertThat(positions()).containsExactly(3L, 4L, 5L);
        assertThat(outbox.prunePublished(RETENTION, 2)).isEqualTo(new Pruned(2, true));
        assertThat(outbox.prunePublished(RETENTION, 2)).isEqualTo(new Pruned(1, false));

        assertThat(positions()).isEmpty();
        assertThat(prunedThrough()).isEqualTo(5);
    }

    @Test
    void shouldStopAtTheFirstRowInsideTheRetention() throws SQLException {
        rows(OLD, 1, 2);
        rows(YOUNG, 3);
        rows(OLD, 4);
        publishedThrough(4);

        assertThat(outbox.prunePublished(RETENTION, 10)).isEqualTo(new Pruned(2, false));

        assertThat(positions()).as("a prefix only: the older row behind the young one waits").containsExactly(3L, 4L);
        assertThat(prunedThrough()).isEqualTo(2);
        assertThat(outbox.prunePublished(RETENTION, 10)).isEqualTo(new Pruned(0, false));
    }

    @Test
    void shouldNotPassThePublishWatermark() throws SQLException {
        rows(OLD, 1, 2, 3, 4);
        publishedThrough(2);

        assertThat(outbox.prunePublished(RETENTION, 10)).isEqualTo(new Pruned(2, false));

        assertThat(positions()).containsExactly(3L, 4L);
        assertThat(prunedThrough()).isEqualTo(2);
    }

    @Test
    void shouldStepOverAGapWiderThanAChunk() throws SQLException {
        // positions 2 to 9 went to stamps that rolled back
        rows(OLD, 1, 10, 11);
        publishedThrough(11);

        List<Pruned> statements = new ArrayList<>();
        Pruned pruned;
        do {
            pruned = outbox.prunePublished(RETENTION, 3);
            statements.add(pruned);
        } while (pruned.more());

        assertThat(statements).containsExactly(new Pruned(1, true), new Pruned(0, true), new Pruned(0, true),
                new Pruned(2, false));
        assertThat(positions()).isEmpty();
        assertThat(prunedThrough()).isEqualTo(11);
    }

    @Test
    void shouldResumeWhereTheLastPruneStopped() throws SQLException {
        rows(OLD, 1, 2, 3);
        publishedThrough(3);
        prunedThrough(2); // rows 1 and 2 stand in for rows a former prune already passed

        assertThat(outbox.prunePublished(RETENTION, 10)).isEqualTo(new Pruned(1, false));

        assertThat(positions()).containsExactly(1L, 2L);
    }

    @Test
    void shouldLeaveUnstampedRowsAlone() throws SQLException {
        rows(OLD, 1);
        unstampedRow(OLD);
        publishedThrough(1);

        assertThat(outbox.prunePublished(RETENTION, 10)).isEqualTo(new Pruned(1, false));

        assertThat(count()).isEqualTo(1);
    }

    private void rows(Duration age, long... positions) throws SQLException {
        for (long position : positions) {
            insert(age, position);
        }
    }

    private void unstampedRow(Duration age) throws SQLException {
        insert(age, null);
    }

    private void insert(Duration age, Long position) throws SQLException {
        try (Connection c = schema.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data, created_at,
                                            position)
                        VALUES (gen_random_uuid(), 'warehouse.stock.adjusted', 'SKU-1', coalesce(?, 0), now(), '{}',
                                now() - make_interval(secs => ?), ?)""")) {
            insert.setObject(1, position);
            insert.setDouble(2, age.toSeconds());
            insert.setObject(3, position);
            insert.executeUpdate();
        }
    }

    private void publishedThrough(long position) throws SQLException {
        schema.execute("UPDATE outbox_watermark SET published_through = " + position);
    }

    private void prunedThrough(long position) throws SQLException {
        schema.execute("UPDATE outbox_watermark SET pruned_through = " + position);
    }

    private long prunedThrough() throws SQLException {
        return schema.single("SELECT pruned_through FROM outbox_watermark");
    }

    private long count() throws SQLException {
        return schema.single("SELECT count(*) FROM outbox");
    }

    private List<Long> positions() throws SQLException {
        List<Long> positions = new ArrayList<>();
        try (Connection c = schema.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT position FROM outbox WHERE position IS NOT NULL ORDER BY position")) {
            while (rs.next()) {
                positions.add(rs.getLong(1));
            }
        }
        return positions;
    }
}
