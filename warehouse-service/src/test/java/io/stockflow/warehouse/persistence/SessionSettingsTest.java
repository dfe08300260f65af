package io.stockflow.warehouse.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionSettingsTest {

    @Inject
    DataSource dataSource;

    @Test
    void shouldAskTheKernelToWriteEvictedPagesBackAsTheSessionGoes() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW backend_flush_after")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("256kB");
        }
    }
}
