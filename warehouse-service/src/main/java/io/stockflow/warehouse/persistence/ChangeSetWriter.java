package io.stockflow.warehouse.persistence;

import io.stockflow.events.StockEvent;
import io.stockflow.warehouse.consistency.WrittenVersions;
import io.stockflow.warehouse.domain.ChangeSet;
import io.stockflow.warehouse.domain.Movement;
import io.stockflow.warehouse.domain.StockLevel;
import io.stockflow.warehouse.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Persists a {@link ChangeSet} in one statement: the levels (projection), their ledger entries and
 * the outbox events (written as {@link OutboxWriter} lays them out), all in the caller's transaction. Each event's {@code sequence} is the highest
 * ledger sequence of its product in the change; sequences are drawn after the level locks were
 * taken, so for one level sequence order is commit order.
 *
 * <p>Two shapes of that statement: {@link #WRITE_ONE} for the commonest change, one level, one
 * movement, one event (a single adjustment, set, threshold change), with plain parameters, and
 * {@link #WRITE} for any other, with a parameter array per column. Same rows, same order. The array
 * form is planned anew at every execution (PostgreSQL's plan cache keeps custom plans for it: a generic
 * plan, estimated for arrays of 100 elements, never looks cheaper than a custom one for 1), which with
 * the parsing of its 35 arrays cost PostgreSQL about 0.5 ms of CPU per single adjustment more than the
 * plain form, whose generic plan the server caches (WritePathCostTest in bench/).
 */
@ApplicationScoped
public class ChangeSetWriter {

    /** The ledger's columns, in the order both shapes give their values. */
    private static final String INSERT_MOVEMENT = """
            INSERT INTO stock_movement (type, product_id, warehouse_id, delta_on_hand, delta_reserved,
                   on_hand_after, reserved_after, version_after, reason, reference, actor, on_behalf_of,
                   idempotency_key, reservation_id, occurred_at, delta_incoming, incoming_id)
            """;

    private static final String WRITE = """
            WITH levels AS (
                UPDATE stock_level s
                   SET on_hand = v.on_hand, reserved = v.reserved, version = v.version,
                       low_stock_threshold = v.threshold, low_stock = v.low_stock,
                       updated_at = v.updated_at::timestamptz, change_xid = pg_current_xact_id(),
                       safety_stock = v.safety_stock, incoming = v.incoming,
                       next_incoming_at = v.next_incoming_at::timestamptz
                  FROM unnest(?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::bool[], ?::text[],
                              ?::int8[], ?::int8[], ?::text[])
                       AS v(product_id, warehouse_id, on_hand, reserved, version, threshold, low_stock, updated_at,
                            safety_stock, incoming, next_incoming_at)
                 WHERE s.product_id = v.product_id AND s.warehouse_id = v.warehouse_id
                RETURNING 1
            ), ledger AS (
            """ + INSERT_MOVEMENT + """
                SELECT m.type, m.product_id, m.warehouse_id, m.d_on_hand, m.d_reserved, m.on_hand, m.reserved,
                       m.version, m.reason, m.reference, ?, ?, ?, m.reservation_id::uuid, m.occurred_at::timestamptz,
                       m.d_incoming, m.incoming_id::uuid
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],
                              ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[])
                       WITH ORDINALITY AS m(type, product_id, warehouse_id, d_on_hand, d_reserved, on_hand, reserved,
                              version, reason, reference, reservation_id, occurred_at, d_incoming, incoming_id, ord)
                 ORDER BY m.ord
                RETURNING sequence, product_id
            ), product_sequence AS (
                SELECT product_id, max(sequence) AS sequence FROM ledger GROUP BY product_id
            )
            """ + OutboxWriter.INSERT_AFTER_LEDGER;

    /** {@link #WRITE} for one level, one movement and one event of that level's product. */
    private static final String WRITE_ONE = """
            WITH levels AS (
                UPDATE stock_level
                   SET on_hand = ?, reserved = ?, version = ?, low_stock_threshold = ?, low_stock = ?,
                       updated_at = ?, change_xid = pg_current_xact_id(), safety_stock = ?, incoming = ?,
                       next_incoming_at = ?
                 WHERE product_id = ? AND warehouse_id = ?
                RETURNING 1
            ), ledger AS (
            """ + INSERT_MOVEMENT + """
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?::uuid)
                RETURNING sequence, product_id
            )
            """ + OutboxWriter.INSERT_ONE_AFTER_LEDGER;

    private final DataSource dataSource;
    private final OutboxWriter outbox;
    private final WrittenVersions written;

    public ChangeSetWriter(DataSource dataSource, OutboxWriter outbox, WrittenVersions written) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.written = written;
    }

    public void write(ChangeSet change, String idempotencyKey) {
        if (change.isEmpty()) {
            return;
        }
        List<StockLevel> levels = change.touchedLevels();
        List<Movement> movements = change.movements();
        List<StockEvent> events = change.events();
        Instant now = movements.get(0).occurredAt();
        if (levels.size() == 1 && movements.size() == 1 && events.size() == 1
                && events.get(0).productId().equals(movements.get(0).key().productId())) {
            writeOne(levels.get(0), movements.get(0), events.get(0), change, idempotencyKey, now);
        } else {
            writeArrays(levels, movements, events, change, idempotencyKey, now);
        }
        written.record(levels);
        outbox.wakeRelayAfterCommit();
    }

    private void writeOne(StockLevel level, Movement m, StockEvent event, ChangeSet change, String idempotencyKey,
            Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(WRITE_ONE)) {
            int i = 0;
            ps.setLong(++i, level.onHand());
            ps.setLong(++i, level.reserved());
            ps.setLong(++i, level.version());
            ps.setObject(++i, level.lowStockThreshold(), Types.BIGINT);
            ps.setBoolean(++i, level.lowStock());
            ps.setObject(++i, timestamp(level.updatedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setLong(++i, level.safetyStock());
            ps.setLong(++i, level.incoming());
            ps.setObject(++i, timestamp(level.nextIncomingAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(++i, level.key().productId());
            ps.setString(++i, level.key().warehouseId());

            ps.setString(++i, m.type().wireName());
            ps.setString(++i, m.key().productId());
            ps.setString(++i, m.key().warehouseId());
            ps.setLong(++i, m.deltaOnHand());
            ps.setLong(++i, m.deltaReserved());
            ps.setLong(++i, m.onHandAfter());
            ps.setLong(++i, m.reservedAfter());
            ps.setLong(++i, m.versionAfter());
            ps.setString(++i, m.reason());
            ps.setString(++i, m.reference());
            ps.setString(++i, change.actor());
            ps.setString(++i, change.onBehalfOf());
            ps.setString(++i, idempotencyKey);
            ps.setString(++i, m.reservationId() == null ? null : m.reservationId().toString());
            ps.setObject(++i, timestamp(m.occurredAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setLong(++i, m.deltaIncoming());
            ps.setString(++i, m.incomingId() == null ? null : m.incomingId().toString());

            outbox.bindOne(ps, i, event, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    /** An instant as the driver binds a timestamptz (microseconds, as the array form's text does). */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private void writeArrays(List<StockLevel> levels, List<Movement> movements, List<StockEvent> events,
            ChangeSet change, String idempotencyKey, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(WRITE)) {
            int i = 0;
            ps.setArray(++i, text(c, levels, l -> l.key().productId()));
            ps.setArray(++i, text(c, levels, l -> l.key().warehouseId()));
            ps.setArray(++i, int8(c, levels, StockLevel::onHand));
            ps.setArray(++i, int8(c, levels, StockLevel::reserved));
            ps.setArray(++i, int8(c, levels, StockLevel::version));
            ps.setArray(++i, int8(c, levels, StockLevel::lowStockThreshold));
            ps.setArray(++i, c.createArrayOf("bool", levels.stream().map(StockLevel::lowStock).toArray()));
            ps.setArray(++i, text(c, levels, l -> l.updatedAt().toString()));
            ps.setArray(++i, int8(c, levels, StockLevel::safetyStock));
            ps.setArray(++i, int8(c, levels, StockLevel::incoming));
            ps.setArray(++i, text(c, levels, l -> l.nextIncomingAt() == null ? null : l.nextIncomingAt().toString()));

            ps.setString(++i, change.actor());
            ps.setString(++i, change.onBehalfOf());
            ps.setString(++i, idempotencyKey);
            ps.setArray(++i, text(c, movements, m -> m.type().wireName()));
            ps.setArray(++i, text(c, movements, m -> m.key().productId()));
            ps.setArray(++i, text(c, movements, m -> m.key().warehouseId()));
            ps.setArray(++i, int8(c, movements, Movement::deltaOnHand));
            ps.setArray(++i, int8(c, movements, Movement::deltaReserved));
            ps.setArray(++i, int8(c, movements, Movement::onHandAfter));
            ps.setArray(++i, int8(c, movements, Movement::reservedAfter));
            ps.setArray(++i, int8(c, movements, Movement::versionAfter));
            ps.setArray(++i, text(c, movements, Movement::reason));
            ps.setArray(++i, text(c, movements, Movement::reference));
            ps.setArray(++i, text(c, movements, m -> m.reservationId() == null ? null : m.reservationId().toString()));
            ps.setArray(++i, text(c, movements, m -> m.occurredAt().toString()));
            ps.setArray(++i, int8(c, movements, Movement::deltaIncoming));
            ps.setArray(++i, text(c, movements, m -> m.incomingId() == null ? null : m.incomingId().toString()));

            outbox.bind(ps, i, events, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    private static <T> java.sql.Array text(Connection c, List<T> items, Function<T, String> f) throws SQLException {
        return c.createArrayOf("text", items.stream().map(f).toArray());
    }

    private static <T> java.sql.Array int8(Connection c, List<T> items, Function<T, Long> f) throws SQLException {
        return c.createArrayOf("int8", items.stream().map(f).toArray());
    }
}
