package io.stockflow.warehouse.outbox;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The events feed for consumers without Kafka. Offsets are feed positions, stamped by the active
 * relay in commit-safe order (see {@link io.stockflow.warehouse.outbox.OutboxRelay}): paging by
 * position never skips an event whose transaction committed late, which paging by ledger sequence
 * would. Each event still carries its ledger sequence in the {@code sequence} extension.
 */
@ApplicationScoped
public class EventFeedService {

    /** A page: the events after the requested offset, and the offset to ask for next. */
    public record EventPage(List<CloudEvent> events, long nextOffset, boolean hasMore) {
    }

    private record Attempt(List<OutboxRow> rows, OutboxSignal.Wake wake) {
    }

    private final OutboxPipelineRepository outbox;
    private final OutboxSignal stamped;

    public EventFeedService(OutboxPipelineRepository outbox, OutboxSignal stamped) {
        this.outbox = outbox;
        this.stamped = stamped;
    }

    /**
     * Events with a position above {@code offset}. If there are none, waits up to {@code wait} for
     * the next stamp instead of polling, holding no thread while it waits.
     */
    public Uni<EventPage> read(long offset, int limit, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        return attempt(offset, limit, deadline);
    }

    private Uni<EventPage> attempt(long offset, int limit, long deadline) {
        return Uni.createFrom().item(() -> load(offset, limit))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(attempt -> {
                    long remaining = deadline - System.nanoTime();
                    if (!attempt.rows().isEmpty() || remaining <= 0) {
                        return Uni.createFrom().item(page(attempt.rows(), offset, limit));
                    }
                    return Uni.createFrom().completionStage(attempt.wake().stage())
                            .ifNoItem().after(Duration.ofNanos(remaining)).recoverWithItem((Void) null)
                            .onItem().transformToUni(ignored -> attempt(offset, limit, deadline));
                });
    }

    private Attempt load(long offset, int limit) {
        OutboxSignal.Wake wake = stamped.next(); // before the read, so no stamp slips in between
        try {
            return new Attempt(outbox.afterPosition(offset, limit + 1), wake);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the events feed failed", e);
        }
    }

    private static EventPage page(List<OutboxRow> rows, long offset, int limit) {
        boolean hasMore = rows.size() > limit;
        List<OutboxRow> served = hasMore ? rows.subList(0, limit) : rows;
        long nextOffset = served.isEmpty() ? offset : served.get(served.size() - 1).position();
        return new EventPage(served.stream().map(OutboxRow::toCloudEvent).toList(), nextOffset, hasMore);
    }
}
