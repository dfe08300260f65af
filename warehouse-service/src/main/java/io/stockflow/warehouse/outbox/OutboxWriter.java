package io.stockflow.warehouse.outbox;

import io.stockflow.events.StockEvent;
import io.stockflow.events.StockEventType;
import io.stockflow.events.StockEvents;
import io.stockflow.support.logging.LogLines;
import io.stockflow.support.logging.RequestLogContext;
import io.stockflow.support.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Writes a change's events as outbox rows in the change's own statement and transaction, and wakes
 * the relay once that transaction has committed ({@link OutboxCommits} observes {@link Written}
 * after success, so a rolled-back change wakes nobody). At DEBUG it logs each event it writes, with
 * the product and event ids (and, under a traced request, its trace id) for following one change.
 */
@ApplicationScoped
public class OutboxWriter {

    /** The outbox's columns, in the order both shapes give their values. */
    private static final String INSERT_OUTBOX = """
            INSERT INTO outbox (event_id, event_type, product_id, sequence, occurred_at, data, traceparent, tracestate)
            """;

    /**
     * The last part of a change's statement: one row per event, in event order. The statement's earlier
     * parts must yield {@code product_sequence(product_id, sequence)}, the highest ledger sequence of
     * each product in the change, which becomes its events' {@code sequence}. Every row keeps the
     * command's trace context (one per change: one request); null while tracing is off. Parameters:
     * see {@link #bind}.
     */
    public static final String INSERT_AFTER_LEDGER = INSERT_OUTBOX + """
            SELECT e.event_id::uuid, e.event_type, e.product_id, ps.sequence, e.occurred_at::timestamptz, e.data,
                   ?::varchar, ?::varchar
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                   WITH ORDINALITY AS e(event_id, event_type, product_id, occurred_at, data, ord)
              JOIN product_sequence ps ON ps.product_id = e.product_id
             ORDER BY e.ord
            """;

    /**
     * {@link #INSERT_AFTER_LEDGER} for one event, with plain parameters: the statement's earlier parts
     * must yield {@code ledger(sequence, product_id)} with one row, the change's one movement, of the
     * event's product. Parameters: see {@link #bindOne}.
     */
    public static final String INSERT_ONE_AFTER_LEDGER = INSERT_OUTBOX + """
            SELECT ?::uuid, ?, l.product_id, l.sequence, ?, ?, ?, ? FROM ledger l
            """;

    /** That outbox rows were written in the current transaction. */
    public record Written() {
    }

    private static final Written WRITTEN = new Written();
    private static final Logger LOG = Logger.getLogger(OutboxWriter.class);

    private final Event<Written> written;

    public OutboxWriter(Event<Written> written) {
        this.written = written;
    }

    /**
     * Binds {@link #INSERT_AFTER_LEDGER}'s parameters from {@code index} on (the last one bound before
     * them) and returns the last one it bound.
     */
    public int bind(PreparedStatement statement, int index, List<StockEvent> events, Instant occurredAt)
            throws SQLException {
        Connection c = statement.getConnection();
        int i = index;
        TraceContext trace = TraceContext.current();
        String[] ids = new String[events.size()];
        for (int e = 0; e < ids.length; e++) {
            ids[e] = UUID.randomUUID().toString();
        }
        statement.setString(++i, trace.traceparent());
        statement.setString(++i, trace.tracestate());
        statement.setArray(++i, c.createArrayOf("text", ids));
        statement.setArray(++i, text(c, events, e -> StockEventType.of(e).wireName()));
        statement.setArray(++i, text(c, events, StockEvent::productId));
        statement.setArray(++i, text(c, events, e -> occurredAt.toString()));
        statement.setArray(++i, text(c, events, e -> new String(StockEvents.toJson(e), StandardCharsets.UTF_8)));
        for (int e = 0; e < ids.length; e++) {
            logWritten(events.get(e), ids[e]);
        }
        return i;
    }

    /**
     * Binds {@link #INSERT_ONE_AFTER_LEDGER}'s parameters from {@code index} on (the last one bound
     * before them) and returns the last one it bound.
     */
    public int bindOne(PreparedStatement statement, int index, StockEvent event, Instant occurredAt)
            throws SQLException {
        int i = index;
        TraceContext trace = TraceContext.current();
        String id = UUID.randomUUID().toString();
        statement.setString(++i, id);
        statement.setString(++i, StockEventType.of(event).wireName());
        statement.setObject(++i, occurredAt.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setString(++i, new String(StockEvents.toJson(event), StandardCharsets.UTF_8));
        statement.setString(++i, trace.traceparent());
        statement.setString(++i, trace.tracestate());
        logWritten(event, id);
        return i;
    }

    /** At DEBUG, the event's line: under a traced request it carries the request's trace id. */
    private static void logWritten(StockEvent event, String id) {
        if (LOG.isDebugEnabled()) {
            LogLines.debug(LOG, Map.of(RequestLogContext.PRODUCT_ID, event.productId(), LogLines.EVENT_ID, id),
                    "outbox: " + StockEventType.of(event).wireName() + " for " + event.productId() + " as event " + id);
        }
    }

    /** Call after the statement ran: the relay is woken when (and only if) the transaction commits. */
    public void wakeRelayAfterCommit() {
        written.fire(WRITTEN);
    }

    private static <T> java.sql.Array text(Connection c, List<T> items, Function<T, String> f) throws SQLException {
        return c.createArrayOf("text", items.stream().map(f).toArray());
    }
}
