package io.stockflow.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoLevelsTest {

    private final DemoLevels levels = new DemoLevels(10_000, 20);

    @Test
    void shouldNameIdsLikeTheDemoData() {
        assertThat(DemoLevels.productId(1)).isEqualTo("SKU-000001");
        assertThat(DemoLevels.productId(10_000)).isEqualTo("SKU-010000");
        assertThat(DemoLevels.warehouseId(20)).isEqualTo("WH-20");
    }

    @Test
    void shouldPickDistinctLevelsForABatch() {
        assertThat(levels.distinctLevels(1000)).hasSize(1000).doesNotHaveDuplicates();
    }

    @Test
    void shouldWrapAProductRunPastTheLastProduct() {
        DemoLevels few = new DemoLevels(3, 1);

        assertThat(few.productRun(5)).hasSize(5).containsOnly("SKU-000001", "SKU-000002", "SKU-000003");
    }
}
