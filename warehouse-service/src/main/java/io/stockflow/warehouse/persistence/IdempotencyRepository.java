package io.stockflow.warehouse.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Idempotency keys, each scoped to the principal that sent it. A key is claimed by inserting it
 * inside the command's transaction: a concurrent duplicate blocks on the primary key until that
 * transaction ends, then finds the stored response (commit) or claims the key itself (rollback).
 * So exactly one execution, with no polling.
 */
@ApplicationScoped
public class IdempotencyRepository {

    /** A key some earlier transaction committed. */
    /** {@code token}: the answer's consistency token, null if it had none. */
    public record StoredResponse(String fingerprint, int status, String body, String token) {
    }

    private final DataSource dataSource;

    public IdempotencyRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims the key for this transaction, waiting at most {@code wait} for a transaction that holds
     * it. Returns the stored response when the key was already used (and is not yet expired).
     *
     * @throws PersistenceFailure with {@link PersistenceFailure#isLockTimeout()} when the wait ran out
     */
    public Optional<StoredResponse> claim(String principal, String key, String fingerprint, Duration ttl, Duration wait) {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = " + wait.toMillis());
            }
            // an expired key not yet pruned counts as unused: it is claimed afresh
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_key "
                    + "(principal, idempotency_key, fingerprint, expires_at) VALUES (?, ?, ?, now() + ?::interval) "
                    + "ON CONFLICT (principal, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint, "
                    + "response_status = NULL, response_body = NULL, consistency_token = NULL, created_at = now(), expires_at = excluded.expires_at "
                    + "WHERE idempotency_key.expires_at <= now()")) {
                ps.setString(1, principal);
                ps.setString(2, key);
                ps.setString(3, fingerprint);
                ps.setString(4, ttl.toSeconds() + " seconds");
                if (ps.executeUpdate() == 1) {
                    resetLockTimeout(c);
                    return Optional.empty();
                }
            }
            resetLockTimeout(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, response_status, response_body, "
                    + "consistency_token FROM idempotency_key WHERE principal = ? AND idempotency_key = ?")) {
                ps.setString(1, principal);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.of(new StoredResponse(rs.getString(1), rs.getInt(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    public void complete(String principal, String key, int status, String body, String token) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE idempotency_key SET response_status = ?, response_body = ?, consistency_token = ? "
                        + "WHERE principal = ? AND idempotency_key = ?")) {
            ps.setInt(1, status);
            ps.setString(2, body);
            ps.setString(3, token);
            ps.setString(4, principal);
            ps.setString(5, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    public int pruneExpired() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_key WHERE expires_at <= now()")) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceFailure(e);
        }
    }

    private static void resetLockTimeout(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout TO DEFAULT");
        }
    }
}
