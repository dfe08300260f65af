package io.stockflow.warehouse.persistence;

import java.sql.SQLException;

/** An unexpected database error, unchecked; {@link #sqlState()} lets callers recognise transient ones. */
public class PersistenceFailure extends RuntimeException {

    public PersistenceFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }

    /** Deadlock or serialization failure: the whole transaction may simply be run again. */
    public boolean isTransient() {
        return "40P01".equals(sqlState()) || "40001".equals(sqlState());
    }

    public boolean isLockTimeout() {
        return "55P03".equals(sqlState());
    }
}
