package org.aiorg.budget;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.db.Dialect;
import org.aiorg.tenant.TenantId;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The append-only budget ledger in SQL. Rows are only ever inserted; every method takes the
 * tenant first and every query filters by it.
 */
class LedgerRepository {

    /** An open reservation as the ledger tells it: what Redis is rebuilt from. */
    record Open(String id, String taskId, String model, long amountMicros, long expiresAt, boolean sent) {}

    private static final String COLUMNS = """
            id, tenant_id, kind, reservation_id, task_id, model, amount_micros, charged_micros, released_micros,
            tokens_in, tokens_out, limit_micros, expires_at, ref, created_at""";

    private static final String INSERT = "INSERT INTO budget_ledger (" + COLUMNS + """
            ) VALUES (:id, :tenant, :kind, :reservation, :task, :model, :amount, :charged, :released,
              :tokensIn, :tokensOut, :limit, :expiresAt, :ref, :at)""";

    /** Ids sort by time, then by a counter within this process: the ledger reads in the order it was written. */
    private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 20));
    private static final String PROCESS = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));

    /**
     * PostgreSQL: any number of rows in one statement with one array per column. One statement
     * text (prepared once per connection) and 15 parameters, where the driver's rewrite of a JDBC
     * batch sends up to eight multi-row INSERTs (one per power of two) with 15 parameters a row.
     */
    private static final String INSERT_UNNEST = "INSERT INTO budget_ledger (" + COLUMNS + """
            ) SELECT * FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]),
              CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]),
              CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS VARCHAR[]),
              CAST(? AS BIGINT[]))""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Dialect dialect;

    LedgerRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named, Dialect dialect) {
        this.jdbc = jdbc;
        this.named = named;
        this.dialect = dialect;
    }

    static String nextId(long millis) {
        return String.format("%012x%06x", millis, SEQUENCE.incrementAndGet() & 0xFFFFFF) + PROCESS;
    }

    void insert(LedgerEntry e) {
        named.update(INSERT, params(e));
    }

    /** In one statement on PostgreSQL ({@link #INSERT_UNNEST}); one JDBC batch on SQLite, which runs in the process. */
    void insertAll(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL && entries.size() > 1) {
            named.getJdbcTemplate().update(INSERT_UNNEST, ps -> {
                java.sql.Connection c = ps.getConnection();
                int n = entries.size();
                String[][] text = new String[7][n];
                Long[][] number = new Long[8][n];
                for (int i = 0; i < n; i++) {
                    LedgerEntry e = entries.get(i);
                    text[0][i] = e.id();
                    text[1][i] = e.tenant();
                    text[2][i] = e.kind();
                    text[3][i] = e.reservationId();
                    text[4][i] = e.taskId();
                    text[5][i] = e.model();
                    text[6][i] = e.ref();
                    number[0][i] = e.amountMicros();
                    number[1][i] = e.chargedMicros();
                    number[2][i] = e.releasedMicros();
                    number[3][i] = e.tokensIn();
                    number[4][i] = e.tokensOut();
                    number[5][i] = e.limitMicros();
                    number[6][i] = e.expiresAt() == null ? null : e.expiresAt().toEpochMilli();
                    number[7][i] = e.at().toEpochMilli();
                }
                for (int col = 0; col < 6; col++) {
                    ps.setArray(col + 1, c.createArrayOf("varchar", text[col]));
                }
                for (int col = 0; col < 7; col++) {
                    ps.setArray(col + 7, c.createArrayOf("bigint", number[col]));
                }
                ps.setArray(14, c.createArrayOf("varchar", text[6]));
                ps.setArray(15, c.createArrayOf("bigint", number[7]));
            });
            return;
        }
        named.batchUpdate(INSERT, entries.stream().map(LedgerRepository::params).toArray(SqlParameterSource[]::new));
    }

    private static MapSqlParameterSource params(LedgerEntry e) {
        return new MapSqlParameterSource().addValue("id", e.id()).addValue("tenant", e.tenant()).addValue("kind", e.kind())
                .addValue("reservation", e.reservationId()).addValue("task", e.taskId()).addValue("model", e.model())
                .addValue("amount", e.amountMicros()).addValue("charged", e.chargedMicros()).addValue("released", e.releasedMicros())
                .addValue("tokensIn", e.tokensIn(), java.sql.Types.BIGINT).addValue("tokensOut", e.tokensOut(), java.sql.Types.BIGINT)
                .addValue("limit", e.limitMicros(), java.sql.Types.BIGINT)
                .addValue("expiresAt", e.expiresAt() == null ? null : e.expiresAt().toEpochMilli(), java.sql.Types.BIGINT)
                .addValue("ref", e.ref()).addValue("at", e.at().toEpochMilli());
    }

    /** A page of the tenant's ledger in the order it was written, after the cursor's row. */
    List<LedgerEntry> page(TenantId tenant, LedgerCursor after, int limit) {
        String where = after == null ? "" : " AND (created_at > :at OR (created_at = :at AND id > :id))";
        var spec = jdbc.sql("SELECT " + COLUMNS + " FROM budget_ledger WHERE tenant_id = :tenant" + where
                        + " ORDER BY created_at, id LIMIT :limit")
                .param("tenant", tenant.value()).param("limit", limit);
        if (after != null) {
            spec = spec.param("at", after.atMillis()).param("id", after.id());
        }
        return spec.query(LedgerRepository::row).list();
    }

    /** Every row of one reservation, in order. */
    List<LedgerEntry> ofReservation(TenantId tenant, String reservationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM budget_ledger WHERE tenant_id = :tenant AND reservation_id = :id"
                        + " ORDER BY created_at, id")
                .param("tenant", tenant.value()).param("id", reservationId).query(LedgerRepository::row).list();
    }

    Optional<LedgerEntry> endOf(TenantId tenant, String reservationId) {
        return ofReservation(tenant, reservationId).stream().filter(LedgerRepository::isEnd).findFirst();
    }

    static boolean isEnd(LedgerEntry e) {
        return e.kind().equals(LedgerEntry.SETTLE) || e.kind().equals(LedgerEntry.RELEASE) || e.kind().equals(LedgerEntry.EXPIRE);
    }

    /** Spent as the ledger says: the sum of everything charged. */
    long spent(TenantId tenant) {
        return jdbc.sql("SELECT COALESCE(SUM(charged_micros), 0) FROM budget_ledger WHERE tenant_id = :tenant")
                .param("tenant", tenant.value()).query(Long.class).single();
    }

    /** Reservations with a reserve row and no settle, release or expire row. */
    List<Open> open(TenantId tenant) {
        return jdbc.sql("""
                SELECT r.reservation_id, r.task_id, r.model, r.amount_micros, r.expires_at,
                  CASE WHEN EXISTS (SELECT 1 FROM budget_ledger s WHERE s.tenant_id = r.tenant_id
                    AND s.reservation_id = r.reservation_id AND s.kind = 'sent') THEN 1 ELSE 0 END AS sent
                FROM budget_ledger r
                WHERE r.tenant_id = :tenant AND r.kind = 'reserve'
                  AND NOT EXISTS (SELECT 1 FROM budget_ledger e WHERE e.tenant_id = r.tenant_id
                    AND e.reservation_id = r.reservation_id AND e.kind IN ('settle', 'release', 'expire'))
                ORDER BY r.created_at, r.id""")
                .param("tenant", tenant.value())
                .query((rs, n) -> new Open(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getInt(6) == 1))
                .list();
    }

    private static LedgerEntry row(ResultSet rs, int n) throws SQLException {
        return new LedgerEntry(rs.getString("id"), rs.getString("tenant_id"), rs.getString("kind"), rs.getString("reservation_id"),
                rs.getString("task_id"), rs.getString("model"), rs.getLong("amount_micros"), rs.getLong("charged_micros"),
                rs.getLong("released_micros"), nullableLong(rs, "tokens_in"), nullableLong(rs, "tokens_out"),
                nullableLong(rs, "limit_micros"), nullableInstant(rs, "expires_at"), rs.getString("ref"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        Long v = nullableLong(rs, column);
        return v == null ? null : Instant.ofEpochMilli(v);
    }
}
