package org.aiorg.budget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Budget accounts and top-ups in SQL. Every method takes the tenant first. */
@Repository
class BudgetAccountRepository {

    /** An account row with the version of its limit. */
    record Row(BudgetAccount account, long limitVersion) {}

    private static final RowMapper<BudgetAccount> ROW = (rs, n) -> new BudgetAccount(
            rs.getString("tenant_id"), rs.getLong("limit_micros"), rs.getLong("spent_micros"), rs.getLong("reserved_micros"));

    private final JdbcClient jdbc;

    BudgetAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void open(String tenant, long limitMicros, long now) {
        jdbc.sql("""
                INSERT INTO budget_account (tenant_id, limit_micros, spent_micros, reserved_micros, updated_at)
                VALUES (:tenant, :limit, 0, 0, :now)""")
                .param("tenant", tenant).param("limit", limitMicros).param("now", now).update();
    }

    Optional<BudgetAccount> find(String tenant) {
        return jdbc.sql("SELECT tenant_id, limit_micros, spent_micros, reserved_micros FROM budget_account WHERE tenant_id = :tenant")
                .param("tenant", tenant).query(ROW).optional();
    }

    Optional<Row> findRow(String tenant) {
        return jdbc.sql("""
                SELECT tenant_id, limit_micros, spent_micros, reserved_micros, limit_version
                FROM budget_account WHERE tenant_id = :tenant""")
                .param("tenant", tenant).query((rs, n) -> new Row(ROW.mapRow(rs, n), rs.getLong("limit_version"))).optional();
    }

    List<BudgetAccount> all() {
        return jdbc.sql("SELECT tenant_id, limit_micros, spent_micros, reserved_micros FROM budget_account ORDER BY tenant_id")
                .query(ROW).list();
    }

    /**
     * Takes the account's write lock for the rest of the transaction (a row lock on PostgreSQL, the
     * database write lock on SQLite) by writing first: on SQLite a transaction that reads before it
     * writes can fail at once with SQLITE_BUSY when another process wrote in between.
     */
    boolean lock(String tenant, long now) {
        return jdbc.sql("UPDATE budget_account SET updated_at = :now WHERE tenant_id = :tenant")
                .param("tenant", tenant).param("now", now).update() == 1;
    }

    /** The reservation fits only if it leaves remaining >= 0: one conditional UPDATE, atomic. */
    boolean reserve(String tenant, long amount, long now) {
        return jdbc.sql("""
                UPDATE budget_account SET reserved_micros = reserved_micros + :amount, updated_at = :now
                WHERE tenant_id = :tenant AND limit_micros - spent_micros - reserved_micros >= :amount""")
                .param("tenant", tenant).param("amount", amount).param("now", now).update() == 1;
    }

    /** Ends a reservation: its amount leaves reserved, the charged part of it goes to spent. */
    void end(String tenant, long amount, long charged, long now) {
        jdbc.sql("""
                UPDATE budget_account SET reserved_micros = reserved_micros - :amount, spent_micros = spent_micros + :charged,
                  updated_at = :now
                WHERE tenant_id = :tenant""")
                .param("tenant", tenant).param("amount", amount).param("charged", charged).param("now", now).update();
    }

    void setLimit(String tenant, long limit, long version, long now) {
        jdbc.sql("UPDATE budget_account SET limit_micros = :limit, limit_version = :version, updated_at = :now WHERE tenant_id = :tenant")
                .param("tenant", tenant).param("limit", limit).param("version", version).param("now", now).update();
    }

    /** The Redis store's snapshot of spent and reserved, written with limit changes and reconciles. */
    void setLimitAndSnapshot(String tenant, long limit, long version, long spent, long reserved, long now) {
        jdbc.sql("""
                UPDATE budget_account SET limit_micros = :limit, limit_version = :version, spent_micros = :spent,
                  reserved_micros = :reserved, updated_at = :now
                WHERE tenant_id = :tenant""")
                .param("tenant", tenant).param("limit", limit).param("version", version).param("spent", spent)
                .param("reserved", reserved).param("now", now).update();
    }

    /** Records a top-up under its key unless the key was used: true when this call recorded it. */
    boolean insertTopUp(String tenant, String key, long amount, long limitAfter, long now) {
        return jdbc.sql("""
                INSERT INTO budget_topup (tenant_id, idempotency_key, amount_micros, limit_micros, created_at)
                VALUES (:tenant, :key, :amount, :limit, :now)
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING""")
                .param("tenant", tenant).param("key", key).param("amount", amount).param("limit", limitAfter).param("now", now)
                .update() == 1;
    }

    Optional<TopUp> findTopUp(String tenant, String key) {
        return jdbc.sql("""
                SELECT amount_micros, limit_micros, created_at FROM budget_topup
                WHERE tenant_id = :tenant AND idempotency_key = :key""")
                .param("tenant", tenant).param("key", key)
                .query((rs, n) -> new TopUp(tenant, key, rs.getLong(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)), true))
                .optional();
    }
}
