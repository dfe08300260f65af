package io.stockflow.warehouse.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.ScratchSchema;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a schema of its own, so the load always starts from empty tables (the test database keeps its data). */
class DemoDataLoaderTest {

    private ScratchSchema schema;
    private DataSource dataSource;

    @BeforeEach
    void emptySchema() throws SQLException {
        schema = new ScratchSchema("demo_data_loader_test").migrateTo("latest");
        dataSource = schema.dataSource();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        schema.close();
    }

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
