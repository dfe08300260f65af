package io.stockflow.warehouse.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.ScratchSchema;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On a schema of its own, so the load always starts from empty tables (the test database keeps its data). */
class DemoDataLoaderTest {

    @RegisterExtension
    final ScratchSchema schema = ScratchSchema.migratedTo("demo_data_loader_test", "latest");
    private final DataSource dataSource = schema.dataSource();


    @Test
    void shouldAnalyseTheTablesItLoadedSoTheFirstQueriesAreNotPlannedBlind() {
        DemoDataLoader.Loaded loaded = new DemoDataLoader(dataSource).load(3, 40, 10, 7);

        assertThat(loaded.alreadyPresent()).isFalse();
        assertThat(loaded.levels()).isEqualTo(120);
        assertThat(Db.strings(dataSource, "SELECT relname || ':' || analyze_count FROM pg_stat_user_tables"
                + " WHERE schemaname = ? AND relname IN ('stock_level', 'stock_movement', 'outbox') ORDER BY relname", schema.name()))
                .containsExactly("outbox:1", "stock_level:1", "stock_movement:1");
        assertThat(Db.count(dataSource, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'stock_level'::regclass"))
                .as("the planner's estimate of the rows").isEqualTo(120);
    }

    @Test
    void shouldChangeNothingWhenTheDemoDataIsAlreadyThere() {
        DemoDataLoader loader = new DemoDataLoader(dataSource);
        loader.load(3, 40, 10, 7);

        DemoDataLoader.Loaded again = loader.load(3, 40, 10, 7);

        assertThat(again.alreadyPresent()).isTrue();
        assertThat(Db.count(dataSource, "SELECT count(*) FROM stock_movement")).isEqualTo(120);
        assertThat(Db.count(dataSource, "SELECT sum(analyze_count) FROM pg_stat_user_tables WHERE schemaname = ?", schema.name()))
                .as("a second call analyses nothing either").isEqualTo(3);
    }
}
