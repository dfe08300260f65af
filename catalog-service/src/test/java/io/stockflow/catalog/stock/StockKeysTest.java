package io.stockflow.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StockKeysTest {

    @Test
    void shouldNameTheProductOfItsProductAndStockKeys() {
        assertThat(StockKeys.productOf(StockKeys.product("SKU-1"))).isEqualTo("SKU-1");
        assertThat(StockKeys.productOf(StockKeys.json("SKU-1"))).isEqualTo("SKU-1");
        assertThat(StockKeys.productOf(StockKeys.warehouse("SKU-1", "WH-9"))).isEqualTo("SKU-1");
        assertThat(StockKeys.productOf(StockKeys.json("odd}:id"))).isEqualTo("odd}:id");
    }

    @Test
    void shouldNameNoProductForOtherKeys() {
        assertThat(StockKeys.productOf(StockKeys.SYNC_CHECKPOINT)).isNull();
        assertThat(StockKeys.productOf(StockKeys.processed("SKU-1", "e-1"))).isNull();
        assertThat(StockKeys.productOf("catalog:stock:{broken")).isNull();
    }

    @Test
    void shouldTellATotalHashsLevelFieldsFromItsAggregates() {
        assertThat(StockKeys.warehouseOfLevelField(StockKeys.levelField("WH-9"))).isEqualTo("WH-9");
        assertThat(StockKeys.warehouseOfLevelField(StockKeys.levelField("w:odd"))).isEqualTo("w:odd");
        assertThat(StockKeys.warehouseOfLevelField("onHand")).isNull();
        assertThat(StockKeys.warehouseOfLevelField("layout")).isNull();
    }
}
