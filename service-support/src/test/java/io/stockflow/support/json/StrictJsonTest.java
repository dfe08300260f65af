package io.stockflow.support.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one definition of how both services read a request body. */
class StrictJsonTest {

    record Adjustment(String productId, long delta, List<String> tags) {
    }

    private final ObjectMapper mapper = StrictJson.apply(new ObjectMapper());

    @Test
    void shouldRefuseAKeyGivenTwiceInsteadOfLettingTheLastOneWin() {
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"P\",\"delta\":5,\"delta\":-5}", Adjustment.class))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'delta'");
    }

    @Test
    void shouldRefuseANulCharacterInAnyString() {
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"P\\u0000\",\"delta\":1}", Adjustment.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining(StrictJson.NUL_REFUSED);
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"P\",\"delta\":1,\"tags\":[\"a\\u0000\"]}",
                Adjustment.class)).isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void shouldRefuseUnknownFieldsCoercionsAndTrailingTokens() {
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"P\",\"delta\":1,\"colour\":1}", Adjustment.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"P\",\"delta\":\"1\"}", Adjustment.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"P\",\"delta\":1.5}", Adjustment.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"productId\":\"P\",\"delta\":1} {}", Adjustment.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    record Due(java.time.Instant expectedAt) {
    }

    @Test
    void shouldReadAnInstantFromTextOnlyWhicheverTimeModuleIsRegisteredAfter() throws Exception {
        ObjectMapper timed = StrictJson.apply(new ObjectMapper())
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        for (String notText : List.of("4102444800", "4102444800.5", "[\"2099-01-01T00:00:00Z\"]", "{}", "true")) {
            assertThatThrownBy(() -> timed.readValue("{\"expectedAt\":" + notText + "}", Due.class)).as(notText)
                    .isInstanceOf(MismatchedInputException.class).hasMessageContaining("java.time.Instant");
        }
        assertThat(timed.readValue("{\"expectedAt\":\"2099-01-01T00:00:00+02:00\"}", Due.class).expectedAt())
                .isEqualTo(java.time.Instant.parse("2098-12-31T22:00:00Z"));
        assertThat(timed.readValue("{\"expectedAt\":null}", Due.class).expectedAt()).isNull();
    }

    @Test
    void shouldReadAValidBodyAsBefore() throws Exception {
        assertThat(mapper.readValue("{\"productId\":\"P\",\"delta\":-3,\"tags\":[\"a\",\"b\\n\"]}", Adjustment.class))
                .isEqualTo(new Adjustment("P", -3, List.of("a", "b\n")));
    }
}
