package io.stockflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.bench.system.CpuSampler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateSearchTest {

    private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private static final List<Context> LANES = OpenLoop.lanes(VERTX, 2);

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    private final ScheduledExecutorService server = Executors.newScheduledThreadPool(1);

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    /** One request at a time, 4 ms each: about 250/s at most. */
    private final Operation serial = callback -> server.execute(() -> {
        try {
            Thread.sleep(4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callback.succeeded();
    });

    private final RateSearch search = new RateSearch(new OpenLoop(LANES, 10_000, Duration.ofSeconds(5)), Duration.ZERO,
            Duration.ofMillis(800), step -> { }, new CpuSampler(Map::of));

    @Test
    void shouldStopAtTheFirstRateTheSystemCannotSustainAndReportTheOneBefore() {
        RateSearch.Outcome outcome = search.search("serial", List.of(50.0, 100.0, 1000.0, 2000.0), 50, serial);

        assertThat(outcome.steps()).hasSize(3);
        assertThat(outcome.bestRate()).isEqualTo(100.0);
        assertThat(outcome.last()).get().extracting(StepResult::targetRate).isEqualTo(1000.0);
    }

    @Test
    void shouldStartACeilingAtTheServiceRateAndStepUpFromThere() {
        RateSearch.Outcome outcome = search.searchFrom(100, "serial", List.of(50.0, 100.0, 1000.0, 2000.0), 50, serial);

        assertThat(outcome.steps()).extracting(StepResult::targetRate).containsExactly(100.0, 1000.0);
        assertThat(outcome.bestRate()).isEqualTo(100.0);
    }

    @Test
    void shouldStepDownWhenTheCeilingMissesAtTheServiceRate() {
        RateSearch.Outcome outcome = search.searchFrom(1000, "serial", List.of(50.0, 100.0, 1000.0, 2000.0), 50, serial);

        assertThat(outcome.steps()).extracting(StepResult::targetRate).containsExactly(1000.0, 100.0);
        assertThat(outcome.bestRate()).isEqualTo(100.0);
        assertThat(outcome.last()).get().extracting(StepResult::targetRate).isEqualTo(100.0);
    }
}
