package io.stockflow.support.logging;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Progress of long work as log lines, at most one per {@code every}: done / total, percent, rate and
 * time left, e.g. {@code demo data: 120000 / 500000 levels (24%), 61000/s, about 6 s left}.
 * Not thread-safe: one worker reports.
 */
public final class Progress {

    private final Logger log;
    private final String what;
    private final String unit;
    private final long total;
    private final long everyNanos;
    private final LongSupplier clock;
    private final long started;
    private long lastLogged;

    public Progress(Logger log, String what, String unit, long total, Duration every) {
        this(log, what, unit, total, every, System::nanoTime);
    }

    Progress(Logger log, String what, String unit, long total, Duration every, LongSupplier clock) {
        this.log = log;
        this.what = what;
        this.unit = unit;
        this.total = total;
        this.everyNanos = every.toNanos();
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastLogged = started;
        log.infof("%s: starting, %d %s", what, total, unit);
    }

    /** Reports {@code done} if the last line is {@code every} old. */
    public void at(long done) {
        long now = clock.getAsLong();
        if (now - lastLogged >= everyNanos) {
            lastLogged = now;
            log.info(line(done, now));
        }
    }

    /** The closing line, whatever the time since the last. */
    public void finished(long done) {
        long now = clock.getAsLong();
        log.infof("%s: done, %d %s in %.1f s", what, done, unit, (now - started) / 1e9);
    }

    String line(long done, long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(what).append(": ").append(done).append(" / ").append(total)
                .append(' ').append(unit);
        if (total > 0) {
            line.append(" (").append(Math.min(100, done * 100 / total)).append("%)");
        }
        line.append(", ").append(Math.round(rate)).append("/s");
        if (total > done && rate > 0) {
            line.append(", about ").append(Math.round((total - done) / rate)).append(" s left");
        }
        return line.toString();
    }
}
