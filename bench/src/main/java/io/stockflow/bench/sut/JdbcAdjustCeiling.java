package io.stockflow.bench.sut;

import io.stockflow.bench.load.Operation;
import io.stockflow.events.LevelState;
import io.stockflow.events.StockAdjusted;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling for single adjustments: the warehouse's own transaction for one adjustment, driven
 * straight at PostgreSQL over as many connections as the service's pool. Per request: the level lock
 * (StockLevelRepository.LOCK_LEVEL, the one-level form), the one-statement change set
 * (ChangeSetWriter.WRITE_ONE, the form for one level, movement and event: level, ledger entry, outbox
 * event with the same JSON), COMMIT. The statements are this harness's fixtures
 * (resources sut/adjust-ceiling-*.sql; JdbcAdjustCeilingFixtureTest pins them to the service's);
 * the parameter binding below must follow {@code ChangeSetWriter.write}.
 */
public final class JdbcAdjustCeiling implements AutoCloseable {

    static final String LOCK = fixture("sut/adjust-ceiling-lock.sql");

    static final String WRITE = fixture("sut/adjust-ceiling-write.sql");

    /** The service's default low-stock threshold (LOW_STOCK_THRESHOLD). */
    private static final long DEFAULT_THRESHOLD = 10;
    private static final String REASON = "received";
    private static final String REFERENCE = "bench-ceiling";
    /** The principal of the bench's key (API_KEY=demo, the first of API_KEYS). */
    private static final String ACTOR = "api-key-1";

    private record Task(Operation.Callback callback) {
    }

    /** What a worker runs for one request, on its own connection (autocommit off), committing it. */
    @FunctionalInterface
    private interface Transaction {
        void run(Connection c, DemoLevels.Key key) throws SQLException;
    }

    private final DemoLevels levels;
    private final Transaction transaction;
    /** The minimal transaction's tables, dropped at {@link #close}; null for the service's transaction. */
    private final MinimalTransaction minimal;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile boolean running = true;

    public JdbcAdjustCeiling(String url, String user, String password, int concurrency, DemoLevels levels)
            throws SQLException {
        this(url, user, password, concurrency, levels, null);
    }

    /**
     * The floor beside the ceiling: {@link MinimalTransaction} on copies of the three tables, made here
     * and dropped at {@link #close}, over the same connections.
     */
    public static JdbcAdjustCeiling minimal(String url, String user, String password, int concurrency,
            DemoLevels levels) throws SQLException {
        MinimalTransaction copies;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            copies = MinimalTransaction.copies(c);
        }
        return new JdbcAdjustCeiling(url, user, password, concurrency, levels, copies);
    }

    private JdbcAdjustCeiling(String url, String user, String password, int concurrency, DemoLevels levels,
            MinimalTransaction minimal) throws SQLException {
        this.levels = levels;
        this.minimal = minimal;
        this.transaction = minimal == null ? this::adjust : minimal::run;
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
                transaction.run(c, levels.randomLevel());
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

    /** The locked level (its lock statement bound) after an adjustment of +1: on hand and version one up. */
    record Adjusted(long onHand, long reserved, long version, long safetyStock, long incoming, Long threshold) {

        static Adjusted plusOne(PreparedStatement lock, DemoLevels.Key key) throws SQLException {
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no level " + key + ": load the demo data first");
                }
                long t = rs.getLong("low_stock_threshold");
                Long threshold = rs.wasNull() ? null : t;
                return new Adjusted(rs.getLong("on_hand") + 1, rs.getLong("reserved"), rs.getLong("version") + 1,
                        rs.getLong("safety_stock"), rs.getLong("incoming"), threshold);
            }
        }

        long effectiveThreshold() {
            return threshold != null ? threshold : DEFAULT_THRESHOLD;
        }

        boolean lowStock() {
            return onHand - reserved < effectiveThreshold();
        }

        /** Its adjustment's event as the service writes it to the outbox. */
        String eventJson(DemoLevels.Key key, Instant at) {
            return JdbcAdjustCeiling.eventJson(key, onHand, reserved, version, effectiveThreshold(), at);
        }
    }

    /** One adjustment of +1, exactly as InventoryService.adjust runs it for an existing level. */
    void adjust(Connection c, DemoLevels.Key key) throws SQLException {
        adjust(c, key, LOCK, WRITE);
    }

    /** The same with other copies of the two statements (WritePathCostTest passes the service's own). */
    static void adjust(Connection c, DemoLevels.Key key, String lockSql, String writeSql) throws SQLException {
        Adjusted level;
        try (PreparedStatement ps = c.prepareStatement(lockSql)) {
            ps.setString(1, key.productId());
            ps.setString(2, key.warehouseId());
            level = Adjusted.plusOne(ps, key);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(writeSql)) {
            int i = 0;
            ps.setLong(++i, level.onHand());
            ps.setLong(++i, level.reserved());
            ps.setLong(++i, level.version());
            ps.setObject(++i, level.threshold(), Types.BIGINT);
            ps.setBoolean(++i, level.lowStock());
            ps.setObject(++i, at, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setLong(++i, level.safetyStock());
            ps.setLong(++i, level.incoming());
            ps.setObject(++i, null, Types.TIMESTAMP_WITH_TIMEZONE); // next incoming at: the demo levels expect none
            ps.setString(++i, key.productId());
            ps.setString(++i, key.warehouseId());

            ps.setString(++i, "adjusted");
            ps.setString(++i, key.productId());
            ps.setString(++i, key.warehouseId());
            ps.setLong(++i, 1L);
            ps.setLong(++i, 0L);
            ps.setLong(++i, level.onHand());
            ps.setLong(++i, level.reserved());
            ps.setLong(++i, level.version());
            ps.setString(++i, REASON);
            ps.setString(++i, REFERENCE);
            ps.setString(++i, ACTOR);
            ps.setString(++i, null); // on behalf of
            ps.setString(++i, null); // idempotency key
            ps.setString(++i, null); // reservation
            ps.setObject(++i, at, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setLong(++i, 0L); // delta incoming
            ps.setString(++i, null); // incoming line

            ps.setString(++i, UUID.randomUUID().toString());
            ps.setString(++i, StockEventType.STOCK_ADJUSTED.wireName());
            ps.setObject(++i, at, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(++i, level.eventJson(key, now));
            ps.setString(++i, null); // traceparent: tracing off, as the benchmark runs the services
            ps.setString(++i, null); // tracestate
            ps.executeUpdate();
        }
        c.commit();
    }

    /** The adjustment's event as the service writes it to the outbox. */
    static String eventJson(DemoLevels.Key key, long onHand, long reserved, long version, long threshold, Instant at) {
        LevelState state = LevelState.of(key.productId(), key.warehouseId(), onHand, reserved, version, threshold, at);
        return new String(StockEvents.toJson(new StockAdjusted(key.productId(), key.warehouseId(), 1, REASON,
                REFERENCE, null, ACTOR, List.of(state))), StandardCharsets.UTF_8);
    }

    static String fixture(String resource) {
        try (InputStream in = JdbcAdjustCeiling.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the harness's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        if (minimal != null && !connections.isEmpty()) {
            try {
                minimal.drop(connections.get(0));
            } catch (SQLException e) {
                System.err.println("    could not drop the minimal transaction's tables: " + e.getMessage());
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
