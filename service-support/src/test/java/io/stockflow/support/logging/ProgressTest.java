package io.stockflow.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Progress progress = new Progress(Logger.getLogger(ProgressTest.class), "demo data", "levels", 1000,
            Duration.ofSeconds(2), nanos::get);

    @Test
    void saysDoneOfTotalTheRateAndTheTimeLeft() {
        nanos.set(Duration.ofSeconds(4).toNanos());
        assertThat(progress.line(200, nanos.get())).isEqualTo("demo data: 200 / 1000 levels (20%), 50/s, about 16 s left");
    }

    @Test
    void saysNoTimeLeftOnceAllIsDoneOrWhenNothingMoved() {
        nanos.set(Duration.ofSeconds(10).toNanos());
        assertThat(progress.line(1000, nanos.get())).isEqualTo("demo data: 1000 / 1000 levels (100%), 100/s");
        assertThat(progress.line(0, nanos.get())).isEqualTo("demo data: 0 / 1000 levels (0%), 0/s");
    }
}
