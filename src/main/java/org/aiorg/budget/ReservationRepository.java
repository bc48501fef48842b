package org.aiorg.budget;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL store's reservations. Every method takes the tenant first (but the sweeper's scan). */
class ReservationRepository {

    /** A reservation row. */
    record Row(String id, String tenant, String taskId, String model, long amountMicros, String state, Long chargedMicros,
            boolean sent, long expiresAt) {}

    private static final String COLUMNS = "id, tenant_id, task_id, model, amount_micros, state, charged_micros, sent_at, expires_at";

    private static final String INSERT = """
            INSERT INTO budget_reservation (id, tenant_id, task_id, model, amount_micros, tokens_in, tokens_out, state,
              expires_at, created_at)
            VALUES (:id, :tenant, :task, :model, :amount, :in, :out, 'open', :expires, :now)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    ReservationRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    void insert(String tenant, String id, String taskId, String model, long amount, long tokensIn, long tokensOut,
            long expiresAt, long now) {
        jdbc.sql(INSERT)
                .param("id", id).param("tenant", tenant).param("task", taskId).param("model", model).param("amount", amount)
                .param("in", tokensIn).param("out", tokensOut).param("expires", expiresAt).param("now", now).update();
    }

    /** Inserts open reservations in one JDBC batch. */
    void insertAll(String[] tenants, List<BudgetStore.NewReservation> rows) {
        if (rows.isEmpty()) {
            return;
        }
        SqlParameterSource[] params = new SqlParameterSource[rows.size()];
        for (int i = 0; i < params.length; i++) {
            BudgetStore.NewReservation r = rows.get(i);
            params[i] = new MapSqlParameterSource().addValue("id", r.id()).addValue("tenant", tenants[i]).addValue("task", r.taskId())
                    .addValue("model", r.model()).addValue("amount", r.amountMicros()).addValue("in", r.tokensIn())
                    .addValue("out", r.tokensOut()).addValue("expires", r.expiresAt()).addValue("now", r.now());
        }
        named.batchUpdate(INSERT, params);
    }

    /** Marks an open reservation sent; true the first time. */
    boolean markSent(String tenant, String id, long now) {
        return jdbc.sql("""
                UPDATE budget_reservation SET sent_at = :now
                WHERE tenant_id = :tenant AND id = :id AND state = 'open' AND sent_at IS NULL""")
                .param("tenant", tenant).param("id", id).param("now", now).update() == 1;
    }

    /** What a sent ledger row needs of a reservation. */
    record Unsent(String id, String taskId, String model, long amountMicros) {}

    /** The tenant's open reservations among {@code ids} not yet marked sent. */
    List<Unsent> unsent(String tenant, List<String> ids) {
        return named.query("SELECT id, task_id, model, amount_micros FROM budget_reservation"
                        + " WHERE tenant_id = :tenant AND id IN (:ids) AND state = 'open' AND sent_at IS NULL",
                new MapSqlParameterSource().addValue("tenant", tenant).addValue("ids", ids),
                (rs, n) -> new Unsent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
    }

    /** Marks the tenant's open, unsent reservations among {@code ids} sent; answers how many. */
    int markSentAll(String tenant, List<String> ids, long now) {
        return named.update("UPDATE budget_reservation SET sent_at = :now"
                        + " WHERE tenant_id = :tenant AND id IN (:ids) AND state = 'open' AND sent_at IS NULL",
                new MapSqlParameterSource().addValue("tenant", tenant).addValue("ids", ids).addValue("now", now));
    }

    /**
     * Moves an open reservation to its end state with the charge capped at its amount; only one
     * caller can win. A null charge means the reserved amount; for an expiry the charge is the
     * amount when it was marked sent, else 0.
     */
    boolean end(String tenant, String id, String state, Long charge, long now) {
        String charged = switch (state) {
            case "settled" -> charge == null ? "amount_micros"
                    : "CASE WHEN :charge < amount_micros THEN :charge ELSE amount_micros END";
            case "expired" -> "CASE WHEN sent_at IS NULL THEN 0 ELSE amount_micros END";
            default -> "0";
        };
        var spec = jdbc.sql("UPDATE budget_reservation SET state = :state, charged_micros = " + charged + ", ended_at = :now"
                        + " WHERE tenant_id = :tenant AND id = :id AND state = 'open'")
                .param("tenant", tenant).param("id", id).param("state", state).param("now", now);
        if (charged.contains(":charge")) {
            spec = spec.param("charge", charge);
        }
        return spec.update() == 1;
    }

    /**
     * Settles the tenant's open reservations among {@code ids} (each with its charge; null means
     * the reserved amount, and a charge is capped at the amount) in one statement, as
     * {@link #end} would one by one: the rows this call ended, as they are now, by id. Ids that
     * are absent were not open (ended before, or unknown). Ids must be distinct.
     */
    java.util.Map<String, Row> settleOpen(String tenant, List<String> ids, List<Long> charges, long now) {
        org.aiorg.db.SqlValues values = new org.aiorg.db.SqlValues("VARCHAR(40)", "BIGINT");
        for (int i = 0; i < ids.size(); i++) {
            values.add(ids.get(i), charges.get(i));
        }
        List<Object> params = new java.util.ArrayList<>(values.params().size() + 2);
        params.add(now);
        params.addAll(values.params());
        params.add(tenant);
        String sql = "UPDATE budget_reservation SET state = 'settled', charged_micros = CASE WHEN v.column2 IS NULL THEN amount_micros"
                + " WHEN v.column2 < amount_micros THEN v.column2 ELSE amount_micros END, ended_at = ?"
                + " FROM (" + values.sql() + ") AS v"
                + " WHERE budget_reservation.tenant_id = ? AND budget_reservation.id = v.column1 AND budget_reservation.state = 'open'"
                + " RETURNING " + COLUMNS;
        java.util.Map<String, Row> out = new java.util.HashMap<>();
        for (Row r : jdbc.sql(sql).params(params).query(ReservationRepository::row).list()) {
            out.put(r.id(), r);
        }
        return out;
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long charged = rs.getLong(7);
        Long c = rs.wasNull() ? null : charged;
        rs.getLong(8);
        boolean sent = !rs.wasNull();
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), c, sent,
                rs.getLong(9));
    }

    Optional<Row> find(String tenant, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM budget_reservation WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant).param("id", id).query(ReservationRepository::row).optional();
    }

    /** Open reservations past their expiry, of every tenant (the sweeper's scan). */
    List<String[]> due(long now, int max) {
        return jdbc.sql("SELECT tenant_id, id FROM budget_reservation WHERE state = 'open' AND expires_at <= :now"
                        + " ORDER BY expires_at LIMIT :max")
                .param("now", now).param("max", max)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    long openAmount(String tenant) {
        return jdbc.sql("SELECT COALESCE(SUM(amount_micros), 0) FROM budget_reservation WHERE tenant_id = :tenant AND state = 'open'")
                .param("tenant", tenant).query(Long.class).single();
    }
}
