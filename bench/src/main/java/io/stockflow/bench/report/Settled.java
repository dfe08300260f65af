package io.stockflow.bench.report;

/** What the harness waited for before one phase or measurement, and how long each wait took. */
public record Settled(String before, double outboxSeconds, double lagSeconds, double syncSeconds, long syncLevels,
        double checkpointSeconds, boolean settled, String detail) {

    public double totalSeconds() {
        return outboxSeconds + lagSeconds + syncSeconds + checkpointSeconds;
    }
}
