package io.stockflow.bench.sut;

import io.stockflow.bench.load.Operation;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling for single adjustments: the warehouse's own transaction for one adjustment, driven
 * straight at PostgreSQL over as many connections as the service's pool. Per request: the level lock
 * (StockLevelRepository.lock), the one-statement change set (ChangeSetWriter.WRITE: level, ledger
 * entry, outbox event with the same JSON), COMMIT. The statements are copied verbatim from those
 * classes; keep them in step when the service's SQL changes.
 */
public final class JdbcAdjustCeiling implements AutoCloseable {

    static final String LOCK = "SELECT product_id, warehouse_id, on_hand, reserved, version, low_stock_threshold, "
            + "low_stock, updated_at FROM stock_level "
            + "WHERE (SELECT count(pg_advisory_xact_lock(hashtextextended(p, 7305))) "
            + "FROM (SELECT DISTINCT p FROM unnest(?::text[]) AS u(p) ORDER BY p) ordered) >= 0"
            + " AND (product_id, warehouse_id) IN (SELECT * FROM unnest(?::text[], ?::text[])) "
            + "ORDER BY product_id, warehouse_id FOR UPDATE";

    static final String WRITE = """
            WITH levels AS (
                UPDATE stock_level s
                   SET on_hand = v.on_hand, reserved = v.reserved, version = v.version,
                       low_stock_threshold = v.threshold, low_stock = v.low_stock,
                       updated_at = v.updated_at::timestamptz, change_xid = pg_current_xact_id()
                  FROM unnest(?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::bool[], ?::text[])
                       AS v(product_id, warehouse_id, on_hand, reserved, version, threshold, low_stock, updated_at)
                 WHERE s.product_id = v.product_id AND s.warehouse_id = v.warehouse_id
                RETURNING 1
            ), ledger AS (
                INSERT INTO stock_movement (type, product_id, warehouse_id, delta_on_hand, delta_reserved,
                       on_hand_after, reserved_after, version_after, reason, reference, actor, idempotency_key,
                       reservation_id, occurred_at)
                SELECT m.type, m.product_id, m.warehouse_id, m.d_on_hand, m.d_reserved, m.on_hand, m.reserved,
                       m.version, m.reason, m.reference, ?, ?, m.reservation_id::uuid, m.occurred_at::timestamptz
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
                              ?::text[], ?::text[], ?::text[], ?::text[])
                       WITH ORDINALITY AS m(type, product_id, warehouse_id, d_on_hand, d_reserved, on_hand, reserved,
                              version, reason, reference, reservation_id, occurred_at, ord)
                 ORDER BY m.ord
                RETURNING sequence, product_id
            ), product_sequence AS (
                SELECT product_id, max(sequence) AS sequence FROM ledger GROUP BY product_id
            )
            INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data)
            SELECT e.event_id::uuid, e.event_type, e.product_id, ps.sequence, e.occurred_at::timestamptz, e.data
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   WITH ORDINALITY AS e(event_id, event_type, product_id, occurred_at, data, ord)
              JOIN product_sequence ps ON ps.product_id = e.product_id
             ORDER BY e.ord
            """;

    /** The service's default low-stock threshold (LOW_STOCK_THRESHOLD). */
    private static final long DEFAULT_THRESHOLD = 10;
    private static final String REASON = "received";
    private static final String REFERENCE = "bench-ceiling";
    private static final String ACTOR = "anonymous";

    private record Task(Operation.Callback callback) {
    }

    private final DemoLevels levels;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile boolean running = true;

    public JdbcAdjustCeiling(String url, String user, String password, int concurrency, DemoLevels levels)
            throws SQLException {
        this.levels = levels;
        for (int i = 0; i < concurrency; i++) {
            Connection c = DriverManager.getConnection(url, user, password);
            c.setAutoCommit(false);
            connections.add(c);
            Thread worker = new Thread(() -> work(c), "bench-jdbc-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    public Operation operation() {
        return callback -> queue.add(new Task(callback));
    }

    private void work(Connection c) {
        while (running) {
            Task task;
            try {
                task = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) {
                continue;
            }
            try {
                adjust(c, levels.randomLevel());
                task.callback().succeeded();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken: the next task fails too and the step reports errors
                }
                task.callback().failed(e);
            }
        }
    }

    /** One adjustment of +1, exactly as InventoryService.adjust runs it for an existing level. */
    void adjust(Connection c, DemoLevels.Key key) throws SQLException {
        long onHand;
        long reserved;
        long version;
        Long threshold;
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {key.productId()}));
            ps.setArray(2, c.createArrayOf("text", new Object[] {key.productId()}));
            ps.setArray(3, c.createArrayOf("text", new Object[] {key.warehouseId()}));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no level " + key + ": load the demo data first");
                }
                onHand = rs.getLong("on_hand") + 1;
                reserved = rs.getLong("reserved");
                version = rs.getLong("version") + 1;
                long t = rs.getLong("low_stock_threshold");
                threshold = rs.wasNull() ? null : t;
            }
        }
        long effectiveThreshold = threshold != null ? threshold : DEFAULT_THRESHOLD;
        boolean lowStock = onHand - reserved < effectiveThreshold;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String at = now.toString();
        LevelState state = LevelState.of(key.productId(), key.warehouseId(), onHand, reserved, version,
                effectiveThreshold, now);
        String data = new String(StockEvents.toJson(new StockAdjusted(key.productId(), key.warehouseId(), 1, REASON,
                REFERENCE, null, ACTOR, List.of(state))), StandardCharsets.UTF_8);
        try (PreparedStatement ps = c.prepareStatement(WRITE)) {
            int i = 0;
            ps.setArray(++i, text(c, key.productId()));
            ps.setArray(++i, text(c, key.warehouseId()));
            ps.setArray(++i, int8(c, onHand));
            ps.setArray(++i, int8(c, reserved));
            ps.setArray(++i, int8(c, version));
            ps.setArray(++i, c.createArrayOf("int8", new Object[] {threshold}));
            ps.setArray(++i, c.createArrayOf("bool", new Object[] {lowStock}));
            ps.setArray(++i, text(c, at));

            ps.setString(++i, ACTOR);
            ps.setString(++i, null);
            ps.setArray(++i, text(c, "adjusted"));
            ps.setArray(++i, text(c, key.productId()));
            ps.setArray(++i, text(c, key.warehouseId()));
            ps.setArray(++i, int8(c, 1L));
            ps.setArray(++i, int8(c, 0L));
            ps.setArray(++i, int8(c, onHand));
            ps.setArray(++i, int8(c, reserved));
            ps.setArray(++i, int8(c, version));
            ps.setArray(++i, text(c, REASON));
            ps.setArray(++i, text(c, REFERENCE));
            ps.setArray(++i, text(c, null));
            ps.setArray(++i, text(c, at));

            ps.setArray(++i, text(c, UUID.randomUUID().toString()));
            ps.setArray(++i, text(c, StockEventType.STOCK_ADJUSTED.wireName()));
            ps.setArray(++i, text(c, key.productId()));
            ps.setArray(++i, text(c, at));
            ps.setArray(++i, text(c, data));
            ps.executeUpdate();
        }
        c.commit();
    }

    private static Array text(Connection c, String value) throws SQLException {
        return c.createArrayOf("text", new Object[] {value});
    }

    private static Array int8(Connection c, long value) throws SQLException {
        return c.createArrayOf("int8", new Object[] {value});
    }

    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing at the end of the run
            }
        }
    }
}
