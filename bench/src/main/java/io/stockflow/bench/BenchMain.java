package io.stockflow.bench;

/**
 * Runs the benchmark against a running system and regenerates BENCHMARKS.md.
 * Settings: environment variables or NAME=value arguments (see {@link BenchConfig}).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new BenchRun(BenchConfig.from(System.getenv(), args)).run();
        } catch (BenchRun.NotReady e) {
            System.err.println("ERROR: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
