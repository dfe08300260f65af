package io.stockflow.warehouse.outbox;

import static io.stockflow.warehouse.support.OutboxFixtures.newProductId;
import static io.stockflow.warehouse.support.OutboxFixtures.unstampedRows;
import static io.stockflow.warehouse.support.OutboxFixtures.writeAdjustment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockflow.warehouse.support.QueryPlan;
import io.stockflow.warehouse.support.ScratchSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stamp floor against PostgreSQL itself (a scratch schema): a pass past the floor reads none of the
 * dead index entries of rows stamped before it, the floor never passes a sequence a running transaction
 * holds, and a sweep stamps what a writer that broke the floor's rule left below it.
 */
class OutboxStampFloorTest {

    private static final int LIMIT = 1000;

    @RegisterExtension
    final ScratchSchema schema = ScratchSchema.migratedTo("outbox_stamp_floor_test", "latest");
    private final OutboxPipelineRepository outbox = new OutboxPipelineRepository(schema.dataSource());
    private long now = System.nanoTime();


    @Test
    void shouldReadNoneOfTheStampedRowsIndexEntriesWhenScanningPastTheFloor() throws SQLException {
        schema.execute(unstampedRows(1, 30000) + "UPDATE outbox SET position = nextval('outbox_position_seq');"
                + unstampedRows(30001, 30010) + "ANALYZE outbox;");

        long pastTheFloor = unstampedIndexBlocks(30000);
        long fromTheLeft = unstampedIndexBlocks(0);

        assertThat(pastTheFloor).as("index and heap blocks read past the floor").isLessThan(10);
        assertThat(fromTheLeft).as("from the left, over 30,000 dead entries").isGreaterThan(50);
    }

    @Test
    void shouldNotRisePastASequenceARunningTransactionHoldsUntilItEnds() throws SQLException {
        StampFloor floor = new StampFloor(now);
        try (Connection relay = schema.dataSource().getConnection(); Connection late = schema.dataSource().getConnection()) {
            late.setAutoCommit(false);
            long held = writeAdjustment(late, newProductId(), 1).sequence();
            long committed = commitAdjustment();
            assertThat(held).isLessThan(committed);

            pass(relay, floor); // marks the sequence's value then, past both
            pass(relay, floor);
            assertThat(floor.floor()).as("the late transaction may still commit a row at %d", held).isLessThan(held);
            assertThat(stamped(committed)).isTrue();

            late.commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                pass(relay, floor);
                return floor.floor() >= committed;
            });
            assertThat(stamped(held)).as("stamped before the floor passed it").isTrue();
        }
    }

    @Test
    void shouldStampInASweepWhatAWriterWithoutATransactionIdLeftBelowTheFloor() throws SQLException {
        StampFloor floor = new StampFloor(now);
        try (Connection relay = schema.dataSource().getConnection(); Connection writer = schema.dataSource().getConnection()) {
            long sequence = nextSequence(writer); // held outside any transaction, as by a loader that draws them first
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                pass(relay, floor);
                return floor.floor() >= sequence;
            });
            writer.setAutoCommit(false);
            insertEvent(writer, sequence);
            writer.commit();

            assertThat(pass(relay, floor).count()).as("past the floor: not seen").isZero();
            now += StampFloor.SWEEP.toNanos();
            OutboxRelay.StampPass sweep = pass(relay, floor);
            assertThat(sweep.belowFloor()).isTrue();
            assertThat(sweep.lowestSequence()).isEqualTo(sequence);
            assertThat(stamped(sequence)).isTrue();
        }
    }

    /** One pass as the relay runs it (OutboxRelay.pass), at this test's clock. */
    private OutboxRelay.StampPass pass(Connection relay, StampFloor floor) throws SQLException {
        return OutboxRelay.pass(relay, outbox, floor, LIMIT, now);
    }

    /** An outbox row as a command writes it, committed: its transaction takes an id before its ledger sequence. */
    private long commitAdjustment() throws SQLException {
        try (Connection c = schema.dataSource().getConnection()) {
            c.setAutoCommit(false);
            long sequence = writeAdjustment(c, newProductId(), 1).sequence();
            c.commit();
            return sequence;
        }
    }

    private static long nextSequence(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT nextval('stock_movement_sequence_seq')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insertEvent(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data)
                VALUES (gen_random_uuid(), 'warehouse.stock.adjusted', 'SKU-1', ?, now(), '{}')""")) {
            insert.setLong(1, sequence);
            insert.executeUpdate();
        }
    }

    private boolean stamped(long sequence) throws SQLException {
        return schema.single("SELECT count(*) FROM outbox WHERE position IS NOT NULL AND sequence = " + sequence) == 1;
    }

    /** Blocks the stamp's scan of the unstamped rows' index read (index and heap), run and rolled back. */
    private long unstampedIndexBlocks(long after) throws SQLException {
        try (Connection c = schema.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                List<JsonNode> scans = QueryPlan.explain(c, "ANALYZE, BUFFERS", OutboxPipelineRepository.STAMP, after, LIMIT)
                        .nodes(QueryPlan.reads("outbox_unstamped_idx"));
                assertThat(scans).as("the stamp scans the unstamped rows' index").hasSize(1);
                return scans.get(0).path("Shared Hit Blocks").asLong() + scans.get(0).path("Shared Read Blocks").asLong();
            } finally {
                c.rollback();
            }
        }
    }
}
