package io.stockflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.bench.sut.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalsTest {

    private final List<String> seen = new ArrayList<>();
    private final Operation.Callback callback = new Operation.Callback() {
        @Override
        public void succeeded() {
            seen.add("ok");
        }

        @Override
        public void failed(Throwable cause) {
            seen.add(cause.getMessage());
        }
    };

    @Test
    void shouldCountAndTimeOnlyTheRefusalsItIsToldOfAndPassEveryAnswerOn() {
        List<Throwable> answers = List.of(new Http.StatusException(503, "shed"), new Http.StatusException(500, "boom"));
        int[] next = {0};
        Operation operation = cb -> {
            int i = next[0]++;
            if (i < answers.size()) {
                cb.failed(answers.get(i));
            } else {
                cb.succeeded();
            }
        };
        Refusals refusals = new Refusals(operation,
                failure -> failure instanceof Http.StatusException s && s.status() == 503);

        refusals.fire(callback);
        refusals.fire(callback);
        refusals.fire(callback);

        assertThat(seen).containsExactly("HTTP 503: shed", "HTTP 500: boom", "ok");
        assertThat(refusals.count()).isEqualTo(1);
        assertThat(refusals.latencies().getTotalCount()).isEqualTo(1);
    }
}
