package org.aiorg.budget;

import java.time.InstantSource;
import org.aiorg.db.Tx;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Registers {@link SqlAccountBudgetGate} when no other {@link BudgetGate} is configured. */
@Configuration(proxyBeanMethods = false)
class FallbackBudgetGateConfig {

    @Bean
    @ConditionalOnMissingBean(BudgetGate.class)
    SqlAccountBudgetGate sqlAccountBudgetGate(JdbcClient jdbc, Tx tx, InstantSource clock) {
        return new SqlAccountBudgetGate(jdbc, tx, clock);
    }
}
