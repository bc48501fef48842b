package org.aiorg.agent;

import org.aiorg.task.RelevanceScorer;
import org.aiorg.task.RoleClassifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Without an LLM configured, tasks are routed by keywords and scored lexically. */
@Configuration(proxyBeanMethods = false)
class AgentConfig {

    @Bean
    @ConditionalOnMissingBean
    RoleClassifier roleClassifier() {
        return new KeywordRoleClassifier();
    }

    @Bean
    @ConditionalOnMissingBean
    RelevanceScorer relevanceScorer() {
        return new LexicalRelevanceScorer();
    }
}
