package io.stockflow.catalog.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What one waiting read still needs, as versions come in; no Redis, no clock. */
class WaitTest {

    @Test
    void aWaitEndsOnlyOnceEveryLevelOfEveryProductIsAtLeastAsNew() {
        VersionWaits.Wait wait = new VersionWaits.Wait(Map.of(
                "P1", Map.of("W1", 3L, "W2", 5L),
                "P2", Map.of("W1", 1L)));

        assertThat(wait.satisfy("P1", Map.of("W1", 3L, "W2", 4L))).isFalse();
        assertThat(wait.missingLevels("P1")).containsExactly("W2");
        assertThat(wait.satisfy("P1", Map.of("W2", 9L))).isFalse();
        assertThat(wait.missingLevels("P1")).isEmpty();
        assertThat(wait.missingProducts()).containsExactly("P2");
        assertThat(wait.satisfy("P2", Map.of("W1", 1L))).isTrue();
    }

    @Test
    void olderVersionsAndOtherLevelsChangeNothing() {
        VersionWaits.Wait wait = new VersionWaits.Wait(Map.of("P1", Map.of("W1", 3L)));

        assertThat(wait.satisfy("P1", Map.of("W1", 2L, "W9", 50L))).isFalse();
        assertThat(wait.satisfy("P9", Map.of("W1", 50L))).isFalse();
        assertThat(wait.satisfy("P1", Map.of())).isFalse();
        assertThat(wait.missingLevels("P1")).containsExactly("W1");
    }
}
