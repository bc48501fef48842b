package org.aiorg.db;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway outside Spring, for {@code ai-org migrate}: the same migrations {@code serve} runs, with
 * the same per-dialect placeholders ({@link Dialect#migrationPlaceholders()}; Spring's Flyway gets
 * them from {@link FlywayPlaceholders}).
 */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration/common";

    /** How many migrations ran and the schema version after them. */
    public record Result(int applied, String version) {}

    private Migrations() {}

    public static HikariDataSource dataSource(DbProperties props) {
        return DataSourceConfig.create(props);
    }

    public static Result migrate(DataSource dataSource) {
        MigrateResult r = Flyway.configure().dataSource(dataSource).locations(LOCATION)
                .placeholders(dialectOf(dataSource).migrationPlaceholders()).load().migrate();
        return new Result(r.migrationsExecuted, r.targetSchemaVersion == null ? r.initialSchemaVersion : r.targetSchemaVersion);
    }

    static Dialect dialectOf(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource h) {
            return Dialect.fromJdbcUrl(h.getJdbcUrl());
        }
        try (var c = dataSource.getConnection()) {
            return Dialect.fromJdbcUrl(c.getMetaData().getURL());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot tell the database's dialect: " + e.getMessage(), e);
        }
    }
}
