package io.stockflow.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stockflow.testsupport.PostgresDatabase;
import io.stockflow.warehouse.support.Db;
import io.stockflow.warehouse.support.Stock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL cutting every connection of the service, as a restart does: what meets a dead
 * connection is a 503 to retry (never a 500), and a command retried with its Idempotency-Key
 * applies exactly once.
 */
@QuarkusTest
@QuarkusTestResource(PostgresDatabase.class)
class DatabaseOutageTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldAnswer503WithRetryAfterWhenItsConnectionsAreCutAndApplyARetriedCommandOnce() throws Exception {
        String product = Stock.productId();
        String warehouse = Stock.warehouse();
        Stock.adjust(product, warehouse, 10).then().statusCode(200);
        String key = UUID.randomUUID().toString();

        int cut = cutEveryConnectionOfTheService();
        assertThat(cut).as("connections cut").isPositive();

        List<Integer> statuses = new ArrayList<>();
        Response answer;
        do {
            answer = IdempotencyTest.adjustWithKey(key, Stock.adjustment(product, warehouse, 5));
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 503) {
                answer.then().contentType("application/problem+json")
                        .header("Retry-After", equalTo("2"))
                        .body("errorType", equalTo("service_unavailable"))
                        .body("detail", containsString("same Idempotency-Key"));
            }
        } while (answer.statusCode() == 503 && statuses.size() < 20);

        assertThat(statuses).as("statuses of the retries").doesNotContain(500).endsWith(200);
        assertThat(statuses).as("the first attempt met a cut connection").startsWith(503);
        Stock.product(product).then().statusCode(200).body("onHand", equalTo(15));
        assertThat(Db.movements(dataSource, product)).isEqualTo(2);
    }

    @Test
    void shouldAnswerReadsWith503NotAnInternalError() throws Exception {
        String product = Stock.productId();
        Stock.adjust(product, Stock.warehouse(), 3).then().statusCode(200);
        cutEveryConnectionOfTheService();

        // each pooled connection that was cut fails once, then leaves the pool
        Response read;
        int attempts = 0;
        do {
            read = Stock.product(product);
            assertThat(read.statusCode()).isIn(200, 503);
            if (read.statusCode() == 503) {
                read.then().header("Retry-After", equalTo("2")).body("errorType", equalTo("service_unavailable"));
                assertThat(read.jsonPath().getString("detail")).doesNotContain("Idempotency-Key");
            }
        } while (read.statusCode() == 503 && ++attempts < 50);
        read.then().statusCode(200).body("onHand", equalTo(3));
    }

    /** pg_terminate_backend on every session of the service's database but this one: what a restart does to a pool. */
    private static int cutEveryConnectionOfTheService() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet cut = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            cut.next();
            return cut.getInt(1);
        }
    }
}
