package io.stockflow.warehouse.service;

import io.stockflow.events.LevelState;
import java.util.List;

/** What the stock commands answer with beyond a level or a reservation, in the domain's terms; rest/ renders them. */
public final class Outcomes {

    private Outcomes() {
    }

    public record Transferred(LevelState from, LevelState to) {
    }

    /**
     * One line of a batch: the level after it, or the refusal that left it unchanged with the levels
     * it names as they were at that line.
     */
    public record BatchLine(int index, LevelState level, RuntimeException refusal, List<LevelState> current) {

        public static BatchLine applied(int index, LevelState level) {
            return new BatchLine(index, level, null, null);
        }

        public static BatchLine refused(int index, RuntimeException refusal, List<LevelState> current) {
            return new BatchLine(index, null, refusal, current);
        }

        public boolean isApplied() {
            return refusal == null;
        }
    }

    public record Batch(boolean atomic, List<BatchLine> lines) {

        public int applied() {
            return (int) lines.stream().filter(BatchLine::isApplied).count();
        }
    }
}
