package io.stockflow.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void shouldRecogniseALostOrRefusedConnectionAndAServerShuttingDownThroughWrappers() {
        assertThat(DatabaseUnavailable.is(new RuntimeException(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(DatabaseUnavailable.is(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(DatabaseUnavailable.is(new IllegalStateException(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(DatabaseUnavailable.is(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(DatabaseUnavailable.is(new SQLException("Acquisition timeout while waiting for new connection"))).isTrue();
        assertThat(DatabaseUnavailable.is(new SQLTransientConnectionException("gone"))).isTrue();
    }

    @Test
    void shouldRecogniseACommitThatLostItsConnectionWhereJtaSuppressesTheDriverError() {
        Exception commit = new IllegalStateException("Could not commit transaction");
        Exception xa = new Exception("Error trying to transactionCommit local transaction",
                new SQLException("terminating connection due to administrator command", "57P01"));
        commit.addSuppressed(xa);
        assertThat(DatabaseUnavailable.is(new RuntimeException(commit))).isTrue();
    }

    @Test
    void shouldLeaveOtherDatabaseErrorsAndBugsAlone() {
        assertThat(DatabaseUnavailable.is(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseUnavailable.is(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseUnavailable.is(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseUnavailable.is(new SQLException("no state"))).isFalse();
    }

    @Test
    void shouldTellACommandsClientToRetryWithTheSameIdempotencyKey() {
        Response command = new ProblemMappers().problem(DatabaseUnavailable.problem(new SQLException("x", "08006"), true));
        assertThat(command.getStatus()).isEqualTo(503);
        assertThat(command.getHeaderString("Retry-After")).isEqualTo("2");
        Problem problem = (Problem) command.getEntity();
        assertThat(problem.errorType()).isEqualTo("service_unavailable");
        assertThat(problem.detail()).contains("same Idempotency-Key").contains("may or may not have been made");

        Problem read = DatabaseUnavailable.problem(new SQLException("x", "08006"), false).problem();
        assertThat(read.detail()).doesNotContain("Idempotency-Key");
    }
}
