package io.stockflow.bench.load;

/** Runs one step of load and says what it measured ({@link OpenLoop} against a real system). */
@FunctionalInterface
public interface StepRunner {

    StepResult run(String name, Step step, Operation operation);
}
