package io.stockflow.bench.sut;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * What PostgreSQL spends on one adjustment: the warehouse's own statements (the level lock and the
 * change-set statement, read from the service's classes, bound as {@link JdbcAdjustCeiling} binds them)
 * and the relay's work for the event (a stamp pass, the publisher's read and its watermark move, the
 * relay's own statements), against a minimal transaction (UPDATE the level, INSERT the ledger entry,
 * INSERT the outbox row, plain statements). Each variant runs on a session of its own; its cost is the
 * CPU time of that session's backend ({@code /proc/<pid>/schedstat}, nanoseconds on CPU) and of the
 * relay's two backends, and the WAL it wrote ({@code pg_current_wal_lsn()} before and after; the
 * server is shared, so the lowest of the rounds is the one to trust). Variants alternate, A B C A B C …,
 * {@code WRITE_PATH_COST_ROUNDS} times, each round starting from a CHECKPOINT as the bench's cost phase
 * does (so full-page images are counted as they are there).
 *
 * <p>Not part of the build: runs only with {@code WRITE_PATH_COST_DB} set, against a migrated database
 * holding the demo levels (SKU-000001..SKU-010000 × WH-01..WH-20):
 *
 * <pre>
 * WRITE_PATH_COST_DB=jdbc:postgresql://127.0.0.1:5432/warehouse_h2 \
 * WRITE_PATH_COST_VARIANTS=service,minimal WRITE_PATH_COST_N=3000 WRITE_PATH_COST_ROUNDS=3 \
 *   mvn -o -q -pl bench test -Dtest=WritePathCostTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * A variant is {@code kind[+option…][@database]}: kind {@code service} (the service's SQL for one level:
 * LOCK_LEVEL, WRITE_ONE), {@code arrays} (its array forms, LOCK_LEVELS and WRITE, which single
 * adjustments ran before),
 * {@code minimal}; options {@code generic} / {@code custom} (plan_cache_mode), {@code pt0}
 * (prepareThreshold=0: every statement parsed and planned again), {@code norelay}, {@code relay<k>}
 * (one relay pass per k commits instead of one per commit, as under load or with OUTBOX_STAMP_INTERVAL), {@code stamp1} (the stamp
 * pass as one statement, {@link #STAMP_AND_NOTIFY}), {@code pub1} (the watermark move carried by the
 * publisher's next read), {@code walz[method]} (SET wal_compression, lz4 unless named, on the
 * variant's sessions: a server setting, measured here per session); {@code @db} runs it against
 * another database on the same server (a copy with other indexes, say).
 */
@EnabledIfEnvironmentVariable(named = "WRITE_PATH_COST_DB", matches = ".+")
class WritePathCostTest {

    record Variant(String name, String kind, String url, List<String> options) {
        boolean has(String option) {
            return options.contains(option);
        }

        int relayEvery() {
            if (has("norelay")) {
                return 0;
            }
            return options.stream().filter(o -> o.matches("relay\\d+")).map(o -> Integer.parseInt(o.substring(5)))
                    .findFirst().orElse(1);
        }
    }

    /** One variant's sessions: the writer and the relay's coordinator (stamps) and publisher. */
    static final class Sessions implements AutoCloseable {
        final Variant variant;
        final Connection writer;
        final Connection stamper;
        final Connection publisher;
        final int writerPid;
        final int stamperPid;
        final int publisherPid;
        final List<double[]> samples = new ArrayList<>(); // writer ms, relay ms, wal bytes, fpi per tx
        long floor; // the stamp's, as the relay's StampFloor keeps it

        Sessions(Variant variant, String user, String password) throws SQLException {
            this.variant = variant;
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            if (variant.has("pt0")) {
                props.setProperty("prepareThreshold", "0");
            }
            writer = DriverManager.getConnection(variant.url(), props);
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                if (variant.has("generic")) {
                    s.execute("SET plan_cache_mode = force_generic_plan");
                } else if (variant.has("custom")) {
                    s.execute("SET plan_cache_mode = force_custom_plan");
                }
            }
            writer.commit();
            stamper = DriverManager.getConnection(variant.url(), user, password);
            publisher = DriverManager.getConnection(variant.url(), user, password);
            for (Connection c : List.of(stamper, publisher)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET synchronous_commit TO off"); // RelaySessions.relaxDurability
                }
            }
            try (Statement s = stamper.createStatement()) {
                s.execute("LISTEN " + STAMPED_CHANNEL);
            }
            for (String option : variant.options()) {
                if (option.startsWith("walz")) { // full-page images compressed (a superuser's session setting)
                    String method = option.length() > 4 ? option.substring(4) : "lz4";
                    for (Connection c : List.of(writer, stamper, publisher)) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SET wal_compression = " + method);
                        }
                        if (!c.getAutoCommit()) {
                            c.commit();
                        }
                    }
                }
            }
            writerPid = pid(writer);
            stamperPid = pid(stamper);
            publisherPid = pid(publisher);
        }

        @Override
        public void close() throws SQLException {
            writer.close();
            stamper.close();
            publisher.close();
        }
    }

    private static String STAMP;
    private static String MARK;
    private static String STAMPED_CHANNEL;
    private static String LOCK;
    private static String WRITE;
    private static String LOCK_ONE;
    private static String WRITE_ONE;

    private final DemoLevels levels = new DemoLevels(10_000, 20);

    @Test
    void writePathCost() throws Exception {
        String url = System.getenv("WRITE_PATH_COST_DB");
        String user = env("WRITE_PATH_COST_USER", "postgres");
        String password = env("WRITE_PATH_COST_PASSWORD", "");
        int n = Integer.parseInt(env("WRITE_PATH_COST_N", "3000"));
        int rounds = Integer.parseInt(env("WRITE_PATH_COST_ROUNDS", "3"));
        boolean checkpoint = Boolean.parseBoolean(env("WRITE_PATH_COST_CHECKPOINT", "true"));
        LOCK = serviceStatement("io.stockflow.warehouse.persistence.StockLevelRepository", "LOCK_LEVELS");
        WRITE = serviceStatement("io.stockflow.warehouse.persistence.ChangeSetWriter", "WRITE");
        LOCK_ONE = serviceStatement("io.stockflow.warehouse.persistence.StockLevelRepository", "LOCK_LEVEL");
        WRITE_ONE = serviceStatement("io.stockflow.warehouse.persistence.ChangeSetWriter", "WRITE_ONE");
        STAMP = serviceStatement("io.stockflow.warehouse.outbox.OutboxPipelineRepository", "STAMP");
        MARK = serviceStatement("io.stockflow.warehouse.outbox.OutboxPipelineRepository", "MARK");
        STAMPED_CHANNEL = serviceStatement("io.stockflow.warehouse.outbox.OutboxPipelineRepository", "STAMPED_CHANNEL");

        List<Variant> variants = new ArrayList<>();
        for (String spec : env("WRITE_PATH_COST_VARIANTS", "service,minimal").split(",")) {
            String[] at = spec.strip().split("@", 2);
            String variantUrl = at.length == 2 ? url.substring(0, url.lastIndexOf('/') + 1) + at[1] : url;
            String[] parts = at[0].split("\\+");
            variants.add(new Variant(spec.strip(), parts[0], variantUrl,
                    List.of(Arrays.copyOfRange(parts, 1, parts.length))));
        }

        try (Connection monitor = DriverManager.getConnection(url, user, password)) {
            monitor.setAutoCommit(true);
            List<Sessions> all = new ArrayList<>();
            try {
                for (Variant v : variants) {
                    all.add(new Sessions(v, user, password));
                }
                // warm: the driver's statement cache and the server's plan caches of every session, the JIT
                for (Sessions s : all) {
                    run(s, 300);
                }
                for (int round = 1; round <= rounds; round++) {
                    for (Sessions s : all) {
                        if (checkpoint) {
                            try (Statement st = monitor.createStatement()) {
                                st.execute("CHECKPOINT");
                            }
                        }
                        String lsn0 = scalar(monitor, "SELECT pg_current_wal_lsn()::text");
                        long fpi0 = Long.parseLong(scalar(monitor, "SELECT wal_fpi::text FROM pg_stat_wal"));
                        long w0 = cpuNanos(s.writerPid);
                        long r0 = cpuNanos(s.stamperPid) + cpuNanos(s.publisherPid);
                        long t0 = System.nanoTime();
                        run(s, n);
                        long elapsed = System.nanoTime() - t0;
                        long w1 = cpuNanos(s.writerPid);
                        long r1 = cpuNanos(s.stamperPid) + cpuNanos(s.publisherPid);
                        long wal = Long.parseLong(scalar(monitor,
                                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsn0 + "')::bigint::text"));
                        long fpi1 = Long.parseLong(scalar(monitor, "SELECT wal_fpi::text FROM pg_stat_wal"));
                        double[] sample = {(w1 - w0) / 1e6 / n, (r1 - r0) / 1e6 / n, (double) wal / n,
                            (double) (fpi1 - fpi0) / n, elapsed / 1e6 / n};
                        s.samples.add(sample);
                        System.out.printf("round %d %-40s writer %.3f ms  relay %.3f ms  WAL %,.0f B  FPI %.2f  wall %.2f ms%n",
                                round, s.variant.name(), sample[0], sample[1], sample[2], sample[3], sample[4]);
                    }
                }
            } finally {
                for (Sessions s : all) {
                    s.close();
                }
            }
            report(all, n, rounds);
        }
    }

    private void report(List<Sessions> all, int n, int rounds) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n%d rounds of %d transactions per variant, alternating; median [min-max] per transaction%n",
                rounds, n));
        out.append(String.format("| %-40s | %-22s | %-22s | %-22s | %-22s | %-24s | %-18s |%n", "variant", "PG CPU writer ms",
                "PG CPU relay ms", "PG CPU total ms", "total / first variant", "WAL B", "FPI"));
        double[] first = null;
        Map<String, Double> totals = new LinkedHashMap<>();
        for (Sessions s : all) {
            double[] writer = column(s.samples, 0);
            double[] relay = column(s.samples, 1);
            double[] total = new double[writer.length];
            for (int i = 0; i < total.length; i++) {
                total[i] = writer[i] + relay[i];
            }
            totals.put(s.variant.name(), median(total));
            if (first == null) {
                first = total;
            }
            double[] ratio = new double[total.length]; // within each round: the rounds' load differs, a ratio less
            for (int i = 0; i < total.length; i++) {
                ratio[i] = total[i] / first[i];
            }
            out.append(String.format("| %-40s | %-22s | %-22s | %-22s | %-22s | %-24s | %-18s |%n", s.variant.name(),
                    spread(writer, "%.3f"), spread(relay, "%.3f"), spread(total, "%.3f"), spread(ratio, "%.2f"),
                    spread(column(s.samples, 2), "%,.0f"), spread(column(s.samples, 3), "%.2f")));
        }
        System.out.print(out);
        String out2 = env("WRITE_PATH_COST_OUT", "");
        if (!out2.isEmpty()) {
            Files.writeString(Path.of(out2), out, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private void run(Sessions s, int n) throws SQLException {
        int every = s.variant.relayEvery();
        for (int i = 1; i <= n; i++) {
            DemoLevels.Key key = levels.randomLevel();
            if (s.variant.has("setlocal")) {
                try (Statement st = s.writer.createStatement()) {
                    st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                }
            }
            switch (s.variant.kind()) {
                case "service" -> JdbcAdjustCeiling.adjust(s.writer, key, LOCK_ONE, WRITE_ONE);
                case "arrays" -> arrays(s.writer, key, LOCK, WRITE);
                case "minimal" -> MinimalTransaction.REAL.run(s.writer, key);
                default -> throw new IllegalArgumentException("unknown kind " + s.variant.kind());
            }
            if (every > 0 && i % every == 0) {
                relayPass(s);
            }
        }
        if (every > 0) {
            relayPass(s);
        }
    }

    /** The service's adjustment before WRITE_ONE: the array forms (StockLevelRepository.LOCK_LEVELS, ChangeSetWriter.WRITE), bound as ChangeSetWriter binds them. */
    private static void arrays(Connection c, DemoLevels.Key key, String lockSql, String writeSql) throws SQLException {
        JdbcAdjustCeiling.Adjusted level;
        try (PreparedStatement ps = c.prepareStatement(lockSql)) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {key.productId()}));
            ps.setArray(2, c.createArrayOf("text", new Object[] {key.warehouseId()}));
            level = JdbcAdjustCeiling.Adjusted.plusOne(ps, key);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String at = now.toString();
        try (PreparedStatement ps = c.prepareStatement(writeSql)) {
            int i = 0;
            ps.setArray(++i, text(c, key.productId()));
            ps.setArray(++i, text(c, key.warehouseId()));
            ps.setArray(++i, int8(c, level.onHand()));
            ps.setArray(++i, int8(c, level.reserved()));
            ps.setArray(++i, int8(c, level.version()));
            ps.setArray(++i, c.createArrayOf("int8", new Object[] {level.threshold()}));
            ps.setArray(++i, c.createArrayOf("bool", new Object[] {level.lowStock()}));
            ps.setArray(++i, text(c, at));
            ps.setArray(++i, int8(c, level.safetyStock()));
            ps.setArray(++i, int8(c, level.incoming()));
            ps.setArray(++i, text(c, null)); // next incoming at: the demo levels expect none

            ps.setString(++i, "api-key-1");
            ps.setString(++i, null); // on behalf of
            ps.setString(++i, null); // idempotency key
            ps.setArray(++i, text(c, "adjusted"));
            ps.setArray(++i, text(c, key.productId()));
            ps.setArray(++i, text(c, key.warehouseId()));
            ps.setArray(++i, int8(c, 1L));
            ps.setArray(++i, int8(c, 0L));
            ps.setArray(++i, int8(c, level.onHand()));
            ps.setArray(++i, int8(c, level.reserved()));
            ps.setArray(++i, int8(c, level.version()));
            ps.setArray(++i, text(c, "received"));
            ps.setArray(++i, text(c, "bench-ceiling"));
            ps.setArray(++i, text(c, null));
            ps.setArray(++i, text(c, at));
            ps.setArray(++i, int8(c, 0L)); // delta incoming
            ps.setArray(++i, text(c, null)); // incoming line

            ps.setString(++i, null); // traceparent: tracing off, as the benchmark runs the services
            ps.setString(++i, null); // tracestate
            ps.setArray(++i, text(c, UUID.randomUUID().toString()));
            ps.setArray(++i, text(c, io.stockflow.events.StockEventType.STOCK_ADJUSTED.wireName()));
            ps.setArray(++i, text(c, key.productId()));
            ps.setArray(++i, text(c, at));
            ps.setArray(++i, text(c, level.eventJson(key, now)));
            ps.executeUpdate();
        }
        c.commit();
    }

    private static java.sql.Array text(Connection c, String value) throws SQLException {
        return c.createArrayOf("text", new Object[] {value});
    }

    private static java.sql.Array int8(Connection c, long value) throws SQLException {
        return c.createArrayOf("int8", new Object[] {value});
    }

    /** The stamp pass as one statement: stamp, and NOTIFY only when it stamped (option stamp1). */
    static final String STAMP_AND_NOTIFY = """
            WITH stamped AS (
                UPDATE outbox o SET position = s.position
                FROM (SELECT id, nextval('outbox_position_seq') AS position
                      FROM (SELECT id FROM outbox WHERE position IS NULL AND sequence > ? ORDER BY sequence, id LIMIT ?)
                      ordered) s
                WHERE o.id = s.id
                RETURNING 1)
            SELECT count(*), CASE WHEN count(*) > 0 THEN (SELECT true FROM pg_notify(?, '')) END FROM stamped""";

    private static final String UNPUBLISHED = "SELECT id, event_id, event_type, product_id, "
            + "sequence, occurred_at, data, created_at, position, traceparent, tracestate FROM outbox"
            + " WHERE position > (SELECT published_through FROM outbox_watermark) ORDER BY position LIMIT ?";

    /** The publisher's read carrying the previous batch's watermark move (option pub1); -1: none to make. */
    static final String ADVANCE_AND_UNPUBLISHED = """
            WITH advanced AS (
                UPDATE outbox_watermark SET published_through = greatest(published_through, ?)
                WHERE ?::int8 >= 0 RETURNING published_through)
            SELECT id, event_id, event_type, product_id, sequence, occurred_at, data, created_at, position,
                   traceparent, tracestate FROM outbox
             WHERE position > coalesce((SELECT published_through FROM advanced),
                                       (SELECT published_through FROM outbox_watermark))
             ORDER BY position LIMIT ?""";

    /**
     * What the relay does for a commit at a moderate rate (it wakes on every local commit): a stamp
     * pass on the coordinator's session (UPDATE … position, pg_notify, COMMIT), then on the
     * publisher's session the unpublished rows, the watermark move, and the read that finds no more
     * (OutboxRelay's loops, OutboxPipelineRepository's statements).
     */
    private static void relayPass(Sessions s) throws SQLException {
        Connection c = s.stamper;
        // the variant's writes are all committed before its passes, so the sequence's value read now is a
        // floor for the next pass: what the service's StampFloor reaches with a mark every 100 ms
        long floor = s.floor;
        s.floor = Long.parseLong(scalar(c, MARK));
        if (s.variant.has("stamp1")) {
            try (PreparedStatement stamp = c.prepareStatement(STAMP_AND_NOTIFY)) {
                stamp.setLong(1, floor);
                stamp.setInt(2, 500);
                stamp.setString(3, STAMPED_CHANNEL);
                try (ResultSet rs = stamp.executeQuery()) {
                    rs.next();
                }
            }
        } else {
            c.setAutoCommit(false);
            int stamped;
            try (PreparedStatement update = c.prepareStatement(STAMP)) {
                update.setLong(1, floor);
                update.setInt(2, 500);
                try (ResultSet rs = update.executeQuery()) {
                    rs.next();
                    stamped = rs.getInt(1);
                }
            }
            if (stamped > 0) {
                try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, '')")) {
                    notify.setString(1, STAMPED_CHANNEL);
                    notify.execute();
                }
            }
            c.commit();
            c.setAutoCommit(true);
        }
        c.unwrap(org.postgresql.PGConnection.class).getNotifications();
        if (s.variant.has("pub1")) {
            long last = read(s.publisher, ADVANCE_AND_UNPUBLISHED, -1);
            read(s.publisher, ADVANCE_AND_UNPUBLISHED, last);
        } else {
            long last = read(s.publisher, UNPUBLISHED, -2);
            if (last >= 0) {
                try (PreparedStatement update = s.publisher.prepareStatement(
                        "UPDATE outbox_watermark SET published_through = greatest(published_through, ?)")) {
                    update.setLong(1, last);
                    update.executeUpdate();
                }
            }
            read(s.publisher, UNPUBLISHED, -2);
        }
    }

    /** Runs a publisher read (advance -2: the plain one) and returns the last position read, or -1. */
    private static long read(Connection c, String sql, long advance) throws SQLException {
        long last = -1;
        try (PreparedStatement select = c.prepareStatement(sql)) {
            int i = 0;
            if (advance != -2) {
                select.setLong(++i, advance);
                select.setLong(++i, advance);
            }
            select.setLong(++i, 500);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rs.getString("data");
                    last = rs.getLong("position");
                }
            }
        }
        return last;
    }

    private static int pid(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        int pid = Integer.parseInt(scalar(c, "SELECT pg_backend_pid()::text"));
        if (!auto) {
            c.commit();
        }
        return pid;
    }

    /** Nanoseconds the process has run on a CPU (schedstat's first field: user and system time). */
    private static long cpuNanos(int pid) throws IOException {
        return Long.parseLong(Files.readString(Path.of("/proc/" + pid + "/schedstat")).strip().split(" ")[0]);
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double[] column(List<double[]> samples, int i) {
        return samples.stream().mapToDouble(s -> s[i]).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(format + " [" + format + "-" + format + "]", median(values), sorted[0],
                sorted[sorted.length - 1]);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String serviceStatement(String className, String field) throws Exception {
        Field constant = Class.forName(className, false, WritePathCostTest.class.getClassLoader())
                .getDeclaredField(field);
        constant.setAccessible(true);
        return (String) constant.get(null);
    }
}
