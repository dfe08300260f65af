package io.stockflow.warehouse.service;

import io.stockflow.warehouse.persistence.LedgerRepository;
import io.stockflow.warehouse.persistence.LedgerRepository.Mismatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Replays the ledger against the levels: the proof that each level is the sum of its history. */
@ApplicationScoped
public class LedgerVerification {

    public record Report(boolean consistent, long levelsChecked, List<Mismatch> mismatches) {
    }

    private static final int MAX_REPORTED = 100;

    private final LedgerRepository ledger;

    public LedgerVerification(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    /** {@code productId} null checks every level. */
    public Report verify(String productId) {
        List<Mismatch> mismatches = ledger.verify(productId, MAX_REPORTED);
        return new Report(mismatches.isEmpty(), ledger.countLevels(productId), mismatches);
    }
}
