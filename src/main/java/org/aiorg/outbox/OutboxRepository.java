package org.aiorg.outbox;

import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox and consumer tables. Plain SQL that SQLite and PostgreSQL both accept. */
@Repository
class OutboxRepository {

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<OutboxEntry> after(long position, int limit) {
        return jdbc.sql("""
                SELECT id, tenant_id, kind, task_id, payload, created_at, origin FROM outbox
                WHERE id > :position ORDER BY id LIMIT :limit""")
                .param("position", position).param("limit", limit)
                .query((rs, n) -> new OutboxEntry(rs.getLong(1), rs.getString(2), OutboxKind.parse(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7)))
                .list();
    }

    List<OutboxEntry> ofTenant(String tenant) {
        return jdbc.sql("""
                SELECT id, tenant_id, kind, task_id, payload, created_at, origin FROM outbox
                WHERE tenant_id = :tenant ORDER BY id""")
                .param("tenant", tenant)
                .query((rs, n) -> new OutboxEntry(rs.getLong(1), rs.getString(2), OutboxKind.parse(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7)))
                .list();
    }

    long lastId() {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM outbox").query(Long.class).single();
    }

    Outbox.Pending pending(long position) {
        return jdbc.sql("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE id > :position")
                .param("position", position)
                .query((ResultSet rs, int n) -> {
                    long count = rs.getLong(1);
                    long oldest = rs.getLong(2);
                    return new Outbox.Pending(count, rs.wasNull() ? null : oldest);
                })
                .single();
    }

    Optional<OutboxConsumer> consumer(String name) {
        return jdbc.sql("SELECT name, position, owner, lease_until, resync, updated_at FROM outbox_consumer WHERE name = :name")
                .param("name", name)
                .query((rs, n) -> new OutboxConsumer(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getInt(5) != 0, rs.getLong(6)))
                .optional();
    }

    boolean register(String name, long position, boolean resync, long now) {
        return jdbc.sql("""
                INSERT INTO outbox_consumer (name, position, owner, lease_until, resync, updated_at)
                VALUES (:name, :position, NULL, 0, :resync, :now)
                ON CONFLICT (name) DO NOTHING""")
                .param("name", name).param("position", position).param("resync", resync ? 1 : 0).param("now", now)
                .update() == 1;
    }

    /** Takes or renews the lease: only the owner, or anyone once it has expired. */
    boolean lease(String name, String owner, long now, long until) {
        return jdbc.sql("""
                UPDATE outbox_consumer SET owner = :owner, lease_until = :until, updated_at = :now
                WHERE name = :name AND (owner = :owner OR owner IS NULL OR lease_until < :now)""")
                .param("name", name).param("owner", owner).param("now", now).param("until", until)
                .update() == 1;
    }

    boolean advance(String name, String owner, long position, long now) {
        return jdbc.sql("""
                UPDATE outbox_consumer SET position = :position, updated_at = :now
                WHERE name = :name AND owner = :owner AND position <= :position""")
                .param("name", name).param("owner", owner).param("position", position).param("now", now)
                .update() == 1;
    }

    boolean finishResync(String name, String owner, long position, long now) {
        return jdbc.sql("""
                UPDATE outbox_consumer
                SET position = CASE WHEN position > :position THEN position ELSE :position END, resync = 0, updated_at = :now
                WHERE name = :name AND owner = :owner""")
                .param("name", name).param("owner", owner).param("position", position).param("now", now)
                .update() == 1;
    }

    void release(String name, String owner) {
        jdbc.sql("UPDATE outbox_consumer SET owner = NULL, lease_until = 0 WHERE name = :name AND owner = :owner")
                .param("name", name).param("owner", owner).update();
    }

    /** The lowest position of the consumers heard from since {@code since}, or null when none. */
    Long appliedByAll(long since) {
        return jdbc.sql("SELECT MIN(position) FROM outbox_consumer WHERE updated_at >= :since")
                .param("since", since).query(OutboxRepository::nullableLong).list().getFirst();
    }

    /** Deletes up to {@code limit} rows with id at most {@code upTo}, oldest first. */
    int deleteUpTo(long upTo, int limit) {
        return jdbc.sql("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE id <= :upTo ORDER BY id LIMIT :limit)")
                .param("upTo", upTo).param("limit", limit).update();
    }

    /** The highest id among the first {@code limit} rows written before {@code cutoff}, or null. */
    Long lastExpired(long cutoff, int limit) {
        return jdbc.sql("""
                SELECT MAX(id) FROM (SELECT id FROM outbox WHERE created_at < :cutoff ORDER BY id LIMIT :limit) expired""")
                .param("cutoff", cutoff).param("limit", limit).query(OutboxRepository::nullableLong).list().getFirst();
    }

    /** Consumers that have not applied up to {@code id} must rebuild: their rows are going. */
    int markResync(long id) {
        // updated_at stays: a consumer that is gone must not look alive because of this.
        return jdbc.sql("UPDATE outbox_consumer SET resync = 1 WHERE position < :id AND resync = 0")
                .param("id", id).update();
    }

    /** MIN/MAX of no rows is NULL (single() refuses a null result). */
    private static Long nullableLong(ResultSet rs, int n) throws java.sql.SQLException {
        long v = rs.getLong(1);
        return rs.wasNull() ? null : v;
    }
}
