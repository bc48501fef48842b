package org.aiorg.budget;

import java.time.InstantSource;
import javax.sql.DataSource;
import org.aiorg.db.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the gate to the store that {@code aiorg.budget.store} picks. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BudgetProperties.class, RedisSettings.class})
class BudgetConfig {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfig.class);

    @Bean
    Pricing pricing(BudgetProperties props) {
        return Pricing.from(props);
    }

    @Bean
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }

    @Bean
    LedgerRepository ledgerRepository(JdbcClient jdbc, DataSource dataSource, org.aiorg.db.Dialect dialect) {
        return new LedgerRepository(jdbc, new NamedParameterJdbcTemplate(dataSource), dialect);
    }

    @Bean(destroyMethod = "close")
    BudgetStore budgetStore(BudgetProperties props, RedisSettings redis, BudgetAccountRepository accounts, LedgerRepository ledger,
            JdbcClient jdbc, DataSource dataSource, Tx tx) {
        String store = props.storeFor(redis.url());
        if (store.equals("redis")) {
            if (redis.url() == null || redis.url().isBlank()) {
                throw new IllegalStateException("aiorg.budget.store=redis needs aiorg.redis.url (env AIORG_REDIS_URL)");
            }
            log.info("Budget store: redis");
            return new RedisBudgetStore(redis.url(), redis.timeout(), props.redisHistory(), accounts, ledger, tx);
        }
        log.info("Budget store: sql");
        return new SqlBudgetStore(accounts, new ReservationRepository(jdbc, new NamedParameterJdbcTemplate(dataSource)), ledger, tx);
    }

    @Bean
    StoreBackedGate budgetGate(BudgetStore store, Pricing pricing, BudgetProperties props, InstantSource clock,
            ApplicationEventPublisher events) {
        return new StoreBackedGate(store, pricing, props.reservationTtl(), clock, events);
    }
}
