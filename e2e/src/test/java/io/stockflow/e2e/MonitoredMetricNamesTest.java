package io.stockflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name extraction the exported-names check relies on (the check itself runs in PipelineEndToEndTest). */
class MonitoredMetricNamesTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(MonitoredMetricNames.in("""
                histogram_quantile(0.99, sum by (app, le) (
                  rate(catalog_db_query_duration_seconds_bucket{app=~"a|b"}[5m]) or rate(inventory_db_query_duration_seconds_bucket[$__rate_interval])
                )) > 0.1 and on (partition) max by (partition) (up{app="x"}) / clamp_min(sum(x_total), 1e-9)"""))
                .containsExactlyInAnyOrder("catalog_db_query_duration_seconds_bucket",
                        "inventory_db_query_duration_seconds_bucket", "x_total");
    }

    @Test
    void readsEveryAlertAndDashboard() {
        assertThat(MonitoredMetricNames.alertExpressions()).hasSizeGreaterThan(15);
        assertThat(MonitoredMetricNames.dashboardExpressions()).hasSizeGreaterThan(40);
        assertThat(MonitoredMetricNames.all()).contains("outbox_oldest_unpublished_age_seconds",
                "kafka_consumer_fetch_manager_records_lag", "catalog_worker_queue_size", "inventory_api_requests_total",
                "http_server_requests_seconds_bucket", "catalog_stock_event_lag_seconds_bucket")
                .doesNotContain("up", "sum", "le", "partition", "rate");
    }

    @Test
    void readsTheNamesOfAnExposition() {
        assertThat(MonitoredMetricNames.exported("""
                # HELP a_total x
                # TYPE a_total counter
                a_total{x="1"} 3.0
                b 1.0
                """)).containsExactlyInAnyOrder("a_total", "b");
    }
}
