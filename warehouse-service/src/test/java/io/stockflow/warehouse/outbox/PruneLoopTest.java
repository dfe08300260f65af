package io.stockflow.warehouse.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.warehouse.outbox.OutboxPipelineRepository.Pruned;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The prune job's loop (OutboxRelayRunner), with its statement, leadership and pause faked: what the
 * statements themselves do is OutboxPruneTest's, on a scratch schema.
 */
class PruneLoopTest {

    private final List<String> calls = new ArrayList<>();

    @Test
    void shouldPauseBetweenStatementsUntilNoMoreMayFollow() throws Exception {
        Deque<Pruned> results = new ArrayDeque<>(List.of(new Pruned(2000, true), new Pruned(2000, true), new Pruned(5, false)));

        int statements = OutboxRelayRunner.pruneWhileLeading(() -> true, () -> statement(results), this::pause);

        assertThat(statements).isEqualTo(3);
        assertThat(calls).containsExactly("statement", "pause", "statement", "pause", "statement");
    }

    @Test
    void shouldStopBetweenStatementsOnceThisReplicaNoLongerLeads() throws Exception {
        AtomicBoolean leading = new AtomicBoolean(true);
        AtomicInteger run = new AtomicInteger();

        int statements = OutboxRelayRunner.pruneWhileLeading(leading::get, () -> {
            if (run.incrementAndGet() == 2) {
                leading.set(false); // the lead is lost while the second statement runs
            }
            return new Pruned(2000, true);
        }, () -> true);

        assertThat(statements).isEqualTo(2);
    }

    @Test
    void shouldRunNoStatementWithoutTheLead() throws Exception {
        int statements = OutboxRelayRunner.pruneWhileLeading(() -> false, () -> statement(new ArrayDeque<>()), this::pause);

        assertThat(statements).isZero();
        assertThat(calls).isEmpty();
    }

    @Test
    void shouldEndTheRunWhenItsPauseIsInterruptedAndKeepTheInterrupt() throws Exception {
        Thread.currentThread().interrupt();
        try {
            int statements = OutboxRelayRunner.pruneWhileLeading(() -> true, () -> new Pruned(2000, true),
                    () -> OutboxRelayRunner.pause(Duration.ofSeconds(10)));

            assertThat(statements).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).as("the flag is set again for the scheduler").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private Pruned statement(Deque<Pruned> results) {
        calls.add("statement");
        return results.pop();
    }

    private boolean pause() {
        calls.add("pause");
        return true;
    }
}
