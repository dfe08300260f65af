package io.stockflow.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One shape, one type URI scheme, one registry of error types. */
class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldDeriveTypeTitleAndStatusFromTheErrorType() {
        Problem problem = Problem.of(ErrorType.RATE_LIMITED, "slow down");

        assertThat(problem.type()).isEqualTo("urn:stockflow:problem:rate_limited");
        assertThat(problem.status()).isEqualTo(429);
        assertThat(problem.errorType()).isEqualTo("rate_limited");
        assertThat(problem.title()).isEqualTo("Too many requests");
        assertThat(problem.detail()).isEqualTo("slow down");
    }

    @Test
    void shouldGiveEveryErrorTypeItsOwnNameAndAClientOrServerStatus() {
        assertThat(Arrays.stream(ErrorType.values()).map(ErrorType::id)).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[a-z_]+"));
        assertThat(Arrays.stream(ErrorType.values()).mapToInt(ErrorType::status)).allMatch(s -> s >= 400 && s < 600);
    }

    @Test
    void shouldWriteTheContractsFieldsAndLeaveOutWhatIsAbsent() throws IOException {
        JsonNode plain = JSON.readTree(Problem.of(ErrorType.NOT_FOUND, "no product x").toJson());
        assertThat(plain.fieldNames()).toIterable().containsExactly("type", "title", "status", "detail", "errorType");

        JsonNode validation = JSON.readTree(Problem.validation("delta", "must not be 0").toJson());
        assertThat(validation.path("errors").get(0).path("field").asText()).isEqualTo("delta");
        assertThat(validation.path("detail").asText()).isEqualTo("delta: must not be 0");

        JsonNode conflict = JSON.readTree(Problem.of(ErrorType.VERSION_CONFLICT, "stale")
                .withCurrent(Map.of("updatedAt", Instant.parse("2026-01-31T12:00:00Z"))).toJson());
        assertThat(conflict.path("current").path("updatedAt").asText()).isEqualTo("2026-01-31T12:00:00Z");
    }

    @Test
    void shouldMapABareStatusToItsTypeOrAGenericOne() {
        assertThat(Problem.forStatus(414, "long").errorType()).isEqualTo("uri_too_long");
        assertThat(Problem.forStatus(431, "big").errorType()).isEqualTo("headers_too_large");
        assertThat(Problem.forStatus(418, "teapot").errorType()).isEqualTo("validation_error");
        assertThat(Problem.forStatus(418, "teapot").status()).isEqualTo(418);
        assertThat(Problem.forStatus(502, "bad gateway").errorType()).isEqualTo("internal_error");
    }

    @Test
    void shouldAnswerAProblemExceptionWithItsHeaders() {
        Response response = new ProblemMappers().problem(ProblemException.unavailable("Redis restarts", 3));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("3");
        assertThat(((Problem) response.getEntity()).errorType()).isEqualTo("service_unavailable");
    }

    @Test
    void shouldAnswerAnythingUnexpectedWithA500ProblemWithoutRetryAfter() {
        Response response = new ProblemMappers().unexpected(new IllegalStateException("a bug"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(((Problem) response.getEntity()).errorType()).isEqualTo("internal_error");
        assertThat(response.getHeaderString("Retry-After")).isNull();
    }

    @Test
    void shouldListTheFieldsOfAListTooLarge() {
        Problem problem = ProblemException.tooLarge("productIds", 1001, 1000).problem();

        assertThat(problem.status()).isEqualTo(413);
        assertThat(problem.errors()).containsExactly(new Problem.FieldError("productIds", "at most 1000 entries"));
        assertThat(List.of(problem.errorType())).containsExactly("payload_too_large");
    }
}
