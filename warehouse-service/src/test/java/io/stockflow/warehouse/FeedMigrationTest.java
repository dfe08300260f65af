package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.ScratchSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V12 on a database that already holds changes: each level's latest ledger entry gets the level's
 * transaction id, so a reader whose cursor predates the migration still finds the levels changed after
 * it; older entries stay without one, and the ledger stays append-only.
 */
class FeedMigrationTest {

    @RegisterExtension
    final ScratchSchema schema = ScratchSchema.migratedTo("feed_migration_test", "11");
    private Connection c;

    @BeforeEach
    void databaseAtV11() throws SQLException {
        c = schema.dataSource().getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO warehouse (warehouse_id, name) VALUES ('WH-1', 'one')");
            // one level changed twice, by two transactions, before V12
            s.execute("INSERT INTO stock_level (product_id, warehouse_id, on_hand, reserved, version) VALUES ('P-1', 'WH-1', 5, 0, 1)");
            s.execute(movement(5, 1));
            s.execute("UPDATE stock_level SET on_hand = 7, version = 2, change_xid = pg_current_xact_id() "
                    + "WHERE product_id = 'P-1'");
            s.execute(movement(7, 2));
        }
    }

    private static String movement(long onHand, long version) {
        return "INSERT INTO stock_movement (type, product_id, warehouse_id, delta_on_hand, delta_reserved, on_hand_after, "
                + "reserved_after, version_after, reason, actor) VALUES ('adjusted', 'P-1', 'WH-1', 1, 0, " + onHand
                + ", 0, " + version + ", 'received', 'test')";
    }

    @AfterEach
    void closeConnection() throws SQLException {
        c.close();
    }

    @Test
    void givesEachLevelsLatestLedgerEntryItsTransactionAndLeavesTheLedgerAppendOnly() throws SQLException {
        schema.migrateTo("latest");

        assertThat(Db.strings(c, "SELECT version_after || ':' || coalesce((change_xid = (SELECT change_xid FROM stock_level"
                + " WHERE product_id = 'P-1'))::text, 'none') FROM stock_movement ORDER BY sequence"))
                .containsExactly("1:none", "2:true");
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE stock_movement SET reason = 'x'"))
                    .as("the backfill turned the append-only trigger back on").hasMessageContaining("append-only");
        }
    }
}
