package org.aiorg.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.aiorg.support.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The CLI's {@code migrate} (Flyway outside Spring) fills in the dialect's placeholders too. */
class MigrationsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void migrateCreatesTheOutboxWithGeneratedIds(String database) {
        String url = database.equals("sqlite") ? TestDatabases.newSqliteUrl() : TestDatabases.newPostgresUrl();
        try (HikariDataSource ds = Migrations.dataSource(new DbProperties(url, null, null, 2))) {
            Migrations.Result result = Migrations.migrate(ds);
            assertThat(result.version()).isEqualTo("7");
            JdbcClient jdbc = JdbcClient.create(ds);
            for (int i = 0; i < 2; i++) {
                jdbc.sql("INSERT INTO outbox (tenant_id, kind, task_id, payload, created_at, origin) VALUES ('t', 'task_created', 'abcdefgh', '{}', 0, 'h:1:x')")
                        .update();
            }
            List<Long> ids = jdbc.sql("SELECT id FROM outbox ORDER BY id").query(Long.class).list();
            assertThat(ids).containsExactly(1L, 2L);
            assertThat(Migrations.migrate(ds).applied()).isZero();
        }
    }
}
