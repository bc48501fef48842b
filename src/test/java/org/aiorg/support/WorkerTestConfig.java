package org.aiorg.support;

import org.aiorg.agent.LlmClient;
import org.aiorg.db.Tx;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the workers' tests add to the application: the execution log around the LLM client. The
 * budget gate is the application's own ({@code StoreBackedGate}). Used by the tests' own context
 * and by the worker processes they start ({@code spring.main.sources}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class WorkerTestConfig {

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
