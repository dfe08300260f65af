package io.stockflow.bench;

/**
 * One part of a run. The run settles the system before each phase, skips (and says why) a phase
 * that needs a catalog that is not ready, vacuums before a phase when an earlier one wrote, and reads
 * the services' peak memory before a phase that restarts one.
 */
interface Phase {

    /** The name {@code BENCH_PHASES} uses. */
    String name();

    /** How the report names the phase when it was skipped. */
    default String title() {
        return name();
    }

    /** Whether it measures the catalog. */
    default boolean needsCatalog() {
        return false;
    }

    /** Whether it writes: each write leaves dead row versions that the next phase would step over. */
    default boolean writes() {
        return false;
    }

    /** Whether it restarts a service (whose peak memory is read before, as the restart resets it). */
    default boolean restartsServices() {
        return false;
    }

    /** Whether the run settles the system first (the prime phase loads a system as it comes). */
    default boolean settlesFirst() {
        return true;
    }

    void run(Bench bench) throws Exception;
}
