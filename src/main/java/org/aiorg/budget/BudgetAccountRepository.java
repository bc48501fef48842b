package org.aiorg.budget;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class BudgetAccountRepository {

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

    List<BudgetAccount> all() {
        return jdbc.sql("SELECT tenant_id, limit_micros, spent_micros, reserved_micros FROM budget_account ORDER BY tenant_id")
                .query(ROW).list();
    }
}
