package org.aiorg.support;

import java.time.InstantSource;
import org.aiorg.agent.LlmClient;
import org.aiorg.db.Tx;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real parts the workers' tests add: a SQL budget gate with reservation rows (until the
 * budget feature's gate is merged), and the execution log around the LLM client. Used by the
 * tests' own context and by the worker processes they start ({@code spring.main.sources}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class WorkerTestConfig {

    @Bean
    @Primary
    SqlTestBudgetGate testBudgetGate(JdbcClient jdbc, Tx tx, InstantSource clock, ApplicationEventPublisher events) {
        return new SqlTestBudgetGate(jdbc, tx, clock, events);
    }

    @Bean
    ExecutionLog executionLog(JdbcClient jdbc, Tx tx) {
        return new ExecutionLog(jdbc, tx);
    }

    @Bean
    static BeanPostProcessor scriptedLlm(ObjectProvider<ExecutionLog> log) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
                return bean instanceof LlmClient llm && !(bean instanceof ScriptedLlmClient)
                        ? new ScriptedLlmClient(llm, log.getObject()) : bean;
            }
        };
    }
}
