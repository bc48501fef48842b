package org.aiorg.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {

    private static final RowMapper<Tenant> ROW = (rs, n) -> new Tenant(
            new TenantId(rs.getString("id")), rs.getString("name"), rs.getString("purpose"),
            Instant.ofEpochMilli(rs.getLong("created_at")));

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Tenant> find(TenantId id) {
        return jdbc.sql("SELECT id, name, purpose, created_at FROM tenant WHERE id = :id")
                .param("id", id.value()).query(ROW).optional();
    }

    List<Tenant> all() {
        return jdbc.sql("SELECT id, name, purpose, created_at FROM tenant ORDER BY id").query(ROW).list();
    }

    void insert(Tenant t) {
        jdbc.sql("INSERT INTO tenant (id, name, purpose, created_at) VALUES (:id, :name, :purpose, :created)")
                .param("id", t.id().value()).param("name", t.name()).param("purpose", t.purpose())
                .param("created", t.createdAt().toEpochMilli()).update();
    }

    int update(Tenant t) {
        return jdbc.sql("UPDATE tenant SET name = :name, purpose = :purpose WHERE id = :id")
                .param("id", t.id().value()).param("name", t.name()).param("purpose", t.purpose()).update();
    }
}
