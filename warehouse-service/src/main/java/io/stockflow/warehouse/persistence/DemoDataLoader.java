package io.stockflow.warehouse.persistence;

import io.stockflow.events.LevelState;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockEvents;
import io.stockflow.support.logging.Progress;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.jboss.logging.Logger;
import org.postgresql.copy.CopyManager;

/**
 * Bulk demo data through COPY: each level arrives as a real received movement, with its ledger
 * entry and its outbox event, so the ledger proof holds and the catalog hears about every level.
 */
@ApplicationScoped
public class DemoDataLoader {

    public record Loaded(int warehouses, int products, long levels, boolean alreadyPresent) {
    }

    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);
    private static final int CHUNK = 20_000;

    private final DataSource dataSource;

    public DemoDataLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static String warehouseId(int n) {
        return String.format("WH-%02d", n);
    }

    public static String productId(int n) {
        return String.format("SKU-%06d", n);
    }

    /** Loads once: when the last demo level exists the call changes nothing. */
    public Loaded load(int warehouses, int products, long defaultThreshold, long seed) {
        try (Connection c = dataSource.getConnection()) {
            if (exists(c, productId(products), warehouseId(warehouses))) {
                return new Loaded(warehouses, products, (long) warehouses * products, true);
            }
            // a transaction id before any ledger sequence, as every writer takes one (its level's lock):
            // the relay's stamp floor relies on it (outbox/StampFloor)
            try (Statement statement = c.createStatement()) {
                statement.execute("SELECT pg_current_xact_id()");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO warehouse (warehouse_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (int w = 1; w <= warehouses; w++) {
                    ps.setString(1, warehouseId(w));
                    ps.setString(2, "Demo warehouse " + w);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            SplittableRandom random = new SplittableRandom(seed);
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            StringBuilder levels = new StringBuilder();
            StringBuilder movements = new StringBuilder();
            StringBuilder events = new StringBuilder();
            long[] sequences = reserveSequences(c, warehouses * products);
            long loaded = 0;
            Progress progress = new Progress(LOG, "demo data", "levels", (long) warehouses * products, Duration.ofSeconds(2));
            for (int p = 1; p <= products; p++) {
                for (int w = 1; w <= warehouses; w++) {
                    String product = productId(p);
                    String warehouse = warehouseId(w);
                    long onHand = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(500);
                    boolean low = onHand < defaultThreshold;
                    levels.append(product).append('\t').append(warehouse).append('\t').append(onHand)
                            .append("\t0\t1\t").append(low ? 't' : 'f').append('\t').append(now).append('\n');
                    long sequence = sequences[(int) loaded];
                    movements.append(sequence).append("\tadjusted\t").append(product).append('\t').append(warehouse)
                            .append('\t').append(onHand).append("\t0\t").append(onHand).append("\t0\t1\treceived\tdemo-data\tsystem\t")
                            .append(now).append('\n');
                    LevelState state = LevelState.of(product, warehouse, onHand, 0, 1, defaultThreshold, now);
                    String data = new String(StockEvents.toJson(new StockAdjusted(product, warehouse, onHand, "received",
                            "demo-data", null, "system", List.of(state))), StandardCharsets.UTF_8);
                    events.append(UUID.randomUUID()).append('\t').append(StockEventType.STOCK_ADJUSTED.wireName())
                            .append('\t').append(product).append('\t').append(sequence).append('\t').append(now)
                            .append('\t').append(data.replace("\\", "\\\\")).append('\n');
                    if (++loaded % CHUNK == 0) {
                        flush(copy, levels, movements, events);
                        progress.at(loaded);
                    }
                }
            }
            flush(copy, levels, movements, events);
            progress.finished(loaded);
            try (Statement statement = c.createStatement()) {
                // autovacuum may be off or not yet awake: without statistics the drift sync's first
                // pages over the ledger were planned as hash joins of whole tables
                statement.execute("ANALYZE stock_level, stock_movement, outbox");
            }
            return new Loaded(warehouses, products, loaded, false);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("demo data load failed: " + e.getMessage(), e);
        }
    }

    private static void flush(CopyManager copy, StringBuilder levels, StringBuilder movements, StringBuilder events)
            throws SQLException, IOException {
        copy.copyIn("COPY stock_level (product_id, warehouse_id, on_hand, reserved, version, low_stock, updated_at) "
                + "FROM STDIN", new StringReader(levels.toString()));
        copy.copyIn("COPY stock_movement (sequence, type, product_id, warehouse_id, delta_on_hand, delta_reserved, "
                + "on_hand_after, reserved_after, version_after, reason, reference, actor, occurred_at) FROM STDIN",
                new StringReader(movements.toString()));
        copy.copyIn("COPY outbox (event_id, event_type, product_id, sequence, occurred_at, data) FROM STDIN",
                new StringReader(events.toString()));
        levels.setLength(0);
        movements.setLength(0);
        events.setLength(0);
    }

    /** Draws the ledger sequences up front (in order, not necessarily contiguous) so COPY can carry them. */
    private static long[] reserveSequences(Connection c, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nextval('stock_movement_sequence_seq') FROM generate_series(1, ?)")) {
            ps.setInt(1, count);
            long[] sequences = new long[count];
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < count && rs.next(); i++) {
                    sequences[i] = rs.getLong(1);
                }
            }
            java.util.Arrays.sort(sequences);
            return sequences;
        }
    }

    private static boolean exists(Connection c, String productId, String warehouseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM stock_level WHERE product_id = ? AND warehouse_id = ? AND version > 0")) {
            ps.setString(1, productId);
            ps.setString(2, warehouseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
