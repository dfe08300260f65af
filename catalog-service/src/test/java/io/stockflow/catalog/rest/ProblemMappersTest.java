package io.stockflow.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.TimeoutException;
import io.stockflow.catalog.persistence.RedisUnavailableException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** A dependency that does not answer is a 503 to retry; only our own faults are a 500, both problem+json. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    private static void assertRetryable(Response response) {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.errorType()).isEqualTo("service_unavailable");
        assertThat(problem.type()).hasToString("https://stockflow.io/problems/service-unavailable");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenRedisIsUnavailable() {
        assertRetryable(mappers.unavailable(new RedisUnavailableException("Redis is unavailable: Connection refused", null)));
        assertRetryable(mappers.unavailable(new RedisUnavailableException("Redis did not answer 2 command(s) within 10000 ms",
                new java.util.concurrent.TimeoutException())));
    }

    @Test
    void shouldAnswer503WhenABlockingWaitTimesOut() {
        assertRetryable(mappers.unavailable(new TimeoutException()));
    }

    @Test
    void shouldAnswerAnythingElseWithA500Problem() {
        Response response = mappers.unexpected(new IllegalStateException("a bug"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(((Problem) response.getEntity()).errorType()).isEqualTo("internal_error");
        assertThat(response.getHeaderString("Retry-After")).isNull();
    }
}
