package org.aiorg.db;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The few statements that differ between SQLite and PostgreSQL. Everything else is plain SQL
 * shared by both.
 */
public enum Dialect {
    SQLITE {
        @Override
        public void lockTenant(JdbcClient jdbc, String tenantId) {
            // Writers are already serialised by Tx.write on SQLite: nothing to lock.
        }
    },
    POSTGRESQL {
        @Override
        public void lockTenant(JdbcClient jdbc, String tenantId) {
            // A transaction-scoped advisory lock per tenant: two concurrent dependency edits
            // cannot each pass the cycle check and together close a cycle.
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:tenant))")
                .param("tenant", "aiorg-graph:" + tenantId)
                .query((rs, n) -> 1)
                .list();
        }
    };

    /** Serialises graph-changing writes of one tenant for the rest of the current transaction. */
    public abstract void lockTenant(JdbcClient jdbc, String tenantId);

    public static Dialect fromJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "Unsupported database URL '" + JdbcUrls.redact(jdbcUrl) + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
    }
}
