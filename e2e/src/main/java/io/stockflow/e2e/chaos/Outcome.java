package io.stockflow.e2e.chaos;

import java.util.List;

/**
 * What became of one command: every attempt's status (0 for no answer), and the final verdict.
 * {@code applied} when an attempt was answered 200 (first time or as a replay); {@code refused} when it
 * was answered with a definite 4xx; otherwise {@code unresolved}. {@code version} is the level's
 * version in the 200 answer.
 */
public record Outcome(Level level, String key, long delta, List<String> attempts, Verdict verdict, long version) {

    public enum Verdict { APPLIED, REFUSED, UNRESOLVED }

    public boolean applied() {
        return verdict == Verdict.APPLIED;
    }

    /** Its first attempt had no definite answer, so it was sent again with its key. */
    public boolean retried() {
        return attempts.size() > 1;
    }
}
