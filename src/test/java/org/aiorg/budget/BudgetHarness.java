package org.aiorg.budget;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.aiorg.db.DbProperties;
import org.aiorg.db.Dialect;
import org.aiorg.db.Migrations;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The gate wired by hand, without Spring, over a database (and Redis): what a second test process
 * and the benchmark run. The same classes as in the service, with the default flat price.
 */
final class BudgetHarness implements AutoCloseable {

    final HikariDataSource dataSource;
    final JdbcClient jdbc;
    final Tx tx;
    final BudgetStore store;
    final StoreBackedGate gate;

    BudgetHarness(String dbUrl, String redisUrl, int poolSize) {
        quietLogs();
        this.dataSource = Migrations.dataSource(new DbProperties(dbUrl, null, null, poolSize));
        this.jdbc = JdbcClient.create(dataSource);
        Dialect dialect = Dialect.fromJdbcUrl(dataSource.getJdbcUrl());
        this.tx = new Tx(new DataSourceTransactionManager(dataSource), dialect);
        BudgetAccountRepository accounts = new BudgetAccountRepository(jdbc);
        LedgerRepository ledger = new LedgerRepository(jdbc, new NamedParameterJdbcTemplate(dataSource), dialect);
        this.store = redisUrl == null
                ? new SqlBudgetStore(accounts, new ReservationRepository(jdbc, new NamedParameterJdbcTemplate(dataSource)), ledger, tx)
                : new RedisBudgetStore(redisUrl, Duration.ofSeconds(5), Duration.ofMinutes(10), accounts, ledger, tx);
        this.gate = new StoreBackedGate(store, new Pricing(Pricing.DEFAULT, Map.of()), Duration.ofMinutes(10), InstantSource.system(),
                event -> {});
    }

    /** Outside Spring, Logback would log everything at DEBUG (Lettuce's every command): WARN, as the service. */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root
                && System.getProperty("spring.application.name") == null && root.getLevel() == ch.qos.logback.classic.Level.DEBUG) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Migrates the database and creates a tenant with the given limit (for the benchmark). */
    void createTenant(TenantId tenant, long limitMicros) {
        Migrations.migrate(dataSource);
        long now = System.currentTimeMillis();
        tx.run(() -> {
            jdbc.sql("INSERT INTO tenant (id, name, purpose, created_at) VALUES (:id, :id, '', :now)")
                    .param("id", tenant.value()).param("now", now).update();
            new BudgetAccountRepository(jdbc).open(tenant.value(), limitMicros, now);
        });
    }

    @Override
    public void close() {
        store.close();
        dataSource.close();
    }
}
