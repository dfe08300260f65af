package io.stockflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockflow.events.ConsistencyToken.Level;
import io.stockflow.events.ConsistencyToken.Malformed;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The token codec: what the warehouse encodes the catalog reads back, and nothing forged gets through. */
class ConsistencyTokenTest {

    private static String token(Level... levels) {
        return ConsistencyToken.encode(List.of(levels)).orElseThrow();
    }

    /** A token from raw bytes, as a forger would make one. */
    private static String raw(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : bytes) {
            out.write(b);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    @Test
    void theLevelsWrittenComeBackPerProduct() {
        ConsistencyToken decoded = ConsistencyToken.decode(token(
                new Level("SKU-000043", "WH-02", 7), new Level("SKU-000042", "WH-01", 300),
                new Level("SKU-000042", "WH-02", 1), new Level("SKU-1", "WH-01", Long.MAX_VALUE)));

        assertThat(decoded.products()).containsExactly("SKU-000042", "SKU-000043", "SKU-1");
        assertThat(decoded.levelsOf("SKU-000042")).isEqualTo(Map.of("WH-01", 300L, "WH-02", 1L));
        assertThat(decoded.levelsOf("SKU-000043")).isEqualTo(Map.of("WH-02", 7L));
        assertThat(decoded.levelsOf("SKU-1")).isEqualTo(Map.of("WH-01", Long.MAX_VALUE));
        assertThat(decoded.levelsOf("SKU-9")).isEmpty();
    }

    @Test
    void aLevelNamedTwiceAsksForItsHighestVersion() {
        ConsistencyToken decoded = ConsistencyToken.decode(token(new Level("P", "W", 4), new Level("P", "W", 9),
                new Level("P", "W", 5)));
        assertThat(decoded.levelsOf("P")).isEqualTo(Map.of("W", 9L));
    }

    @Test
    void aCommandThatWroteNoLevelHasAnEmptyToken() {
        String empty = ConsistencyToken.encode(List.of()).orElseThrow();
        assertThat(ConsistencyToken.decode(empty).isEmpty()).isTrue();
    }

    @Test
    void tokensAreCompactAndHeaderSafe() {
        String one = token(new Level("SKU-000042", "WH-01", 12345));
        assertThat(one).hasSizeLessThanOrEqualTo(34).matches("[A-Za-z0-9_-]+");

        List<Level> batch = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            batch.add(new Level(String.format("SKU-%06d", i), "WH-" + (i % 20 + 1), 100_000 + i));
        }
        String big = ConsistencyToken.encode(batch).orElseThrow();
        assertThat(big.length()).isLessThan(12_000);
        assertThat(ConsistencyToken.decode(big).levelsOf("SKU-000777")).isEqualTo(Map.of("WH-18", 100_777L));
    }

    @Test
    void aTokenBeyondTheBoundIsNotMade() {
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            levels.add(new Level("P" + Integer.toHexString(i * 7919) + "-" + "x".repeat(40), "W", 1));
        }
        assertThat(ConsistencyToken.encode(levels)).isEmpty();
    }

    @Test
    void anythingNotMadeByTheWarehouseIsMalformed() {
        String valid = token(new Level("SKU-1", "WH-1", 3), new Level("SKU-2", "WH-1", 4));
        List<String> forged = List.of(
                "",
                "x".repeat(ConsistencyToken.MAX_LENGTH + 1),
                "not base64!",
                "AQ=",
                valid.substring(0, valid.length() - 2),
                valid + "AA",
                raw(2, 0, 0),                                  // unknown format
                raw(1),                                        // ends early
                raw(1, 0, 0, 0),                               // trailing byte
                raw(1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F),          // a count far beyond what follows
                raw(1, 1, 1, 'W', 1, 0, 1, 'P', 1, 0, 0),      // version 0
                raw(1, 1, 1, 'W', 1, 0, 1, 'P', 1, 1, 1),      // warehouse index out of range
                raw(1, 1, 1, 'W', 1, 0, 1, 'P', 0),            // a product without levels
                raw(1, 1, 1, '{', 1, 0, 1, 'P', 1, 0, 1),      // an id the Ids rule refuses
                raw(1, 2, 1, 'W', 1, 'V', 0),                  // warehouses out of order
                raw(1, 1, 1, 'W', 2, 0, 1, 'Q', 1, 0, 1, 0, 1, 'P', 1, 0, 1), // products out of order
                raw(1, 1, 1, 'W', 1, 0, 1, 'P', 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F),
                raw(1, 1, 1, 'W', 1, 5, 1, 'P', 1, 0, 1));     // a prefix longer than the previous id
        for (String token : forged) {
            assertThatThrownBy(() -> ConsistencyToken.decode(token)).as(token).isInstanceOf(Malformed.class)
                    .hasMessageStartingWith("Stockflow-Consistency token ");
        }
        assertThatThrownBy(() -> ConsistencyToken.decode(null)).isInstanceOf(Malformed.class);
    }

    @Test
    void randomBytesNeverFailOtherwiseThanMalformed() {
        Random random = new Random(20);
        String valid = token(new Level("SKU-000042", "WH-01", 300), new Level("SKU-000043", "WH-02", 7));
        byte[] base = Base64.getUrlDecoder().decode(valid);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = i % 2 == 0 ? base.clone() : new byte[random.nextInt(64)];
            if (i % 2 == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            } else {
                random.nextBytes(bytes);
            }
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                ConsistencyToken decoded = ConsistencyToken.decode(token);
                decoded.products().forEach(p -> assertThat(Ids.isWellFormed(p)).isTrue());
            } catch (Malformed expected) {
                // refused, as it should be
            }
        }
    }

    @Test
    void theEncoderRefusesWhatNoCommandWrites() {
        assertThatThrownBy(() -> ConsistencyToken.encode(List.of(new Level("P", "W", 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsistencyToken.encode(List.of(new Level("P{", "W", 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
