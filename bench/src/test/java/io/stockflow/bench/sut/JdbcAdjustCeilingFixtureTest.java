package io.stockflow.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** The ceiling's SQL is its own fixture; this pins it to the statements the warehouse runs. */
class JdbcAdjustCeilingFixtureTest {

    @Test
    void lockFixtureIsTheWarehousesLevelLock() throws Exception {
        assertThat(normalized(JdbcAdjustCeiling.LOCK)).isEqualTo(normalized(
                serviceStatement("io.stockflow.warehouse.persistence.StockLevelRepository", "LOCK_LEVEL")));
    }

    @Test
    void writeFixtureIsTheWarehousesChangeSetStatement() throws Exception {
        assertThat(normalized(JdbcAdjustCeiling.WRITE)).isEqualTo(normalized(
                serviceStatement("io.stockflow.warehouse.persistence.ChangeSetWriter", "WRITE_ONE")));
    }

    /** Read from the service's private constant: a test-only tie, so the service need publish no SQL. */
    private static String serviceStatement(String className, String field) throws Exception {
        Field constant = Class.forName(className, false, JdbcAdjustCeilingFixtureTest.class.getClassLoader())
                .getDeclaredField(field);
        constant.setAccessible(true);
        return (String) constant.get(null);
    }

    /** Without comments, and with all white space as single blanks. */
    private static String normalized(String sql) {
        return sql.replaceAll("(?m)--.*$", " ").replaceAll("\\s+", " ").strip();
    }
}
