package io.stockflow.support.logging;

import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A log line about one thing (a product, an event) that carries that thing's ids in the MDC, so JSON
 * logs show them as fields an operator can filter on, beside the request's own (requestId, traceId).
 * The entries are set for this line only; any value they replace is put back after it.
 */
public final class LogLines {

    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";
    public static final String EVENT_ID = "eventId";

    private LogLines() {
    }

    /** Callers check {@code log.isDebugEnabled()} first, so a disabled line builds no map. */
    public static void debug(Logger log, Map<String, String> fields, String message) {
        Object[] replaced = new Object[fields.size()];
        int i = 0;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            replaced[i++] = MDC.get(field.getKey());
            if (field.getValue() != null) {
                MDC.put(field.getKey(), field.getValue());
            }
        }
        try {
            log.debug(message);
        } finally {
            i = 0;
            for (String key : fields.keySet()) {
                Object previous = replaced[i++];
                if (previous == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, previous);
                }
            }
        }
    }
}
