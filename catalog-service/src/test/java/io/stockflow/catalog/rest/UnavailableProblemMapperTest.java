package io.stockflow.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.TimeoutException;
import io.stockflow.catalog.persistence.RedisUnavailableException;
import io.stockflow.support.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** A dependency that does not answer is a 503 problem+json the client may retry. */
class UnavailableProblemMapperTest {

    private final UnavailableProblemMapper mapper = new UnavailableProblemMapper();

    private static void assertRetryable(Response response) {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.errorType()).isEqualTo("service_unavailable");
        assertThat(problem.type()).isEqualTo("urn:stockflow:problem:service_unavailable");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenRedisIsUnavailable() {
        assertRetryable(mapper.unavailable(new RedisUnavailableException("Redis is unavailable: Connection refused", null)));
        assertRetryable(mapper.unavailable(new RedisUnavailableException("Redis did not answer 2 command(s) within 10000 ms",
                new java.util.concurrent.TimeoutException())));
    }

    @Test
    void shouldAnswer503WhenABlockingWaitTimesOut() {
        assertRetryable(mapper.unavailable(new TimeoutException()));
    }
}
