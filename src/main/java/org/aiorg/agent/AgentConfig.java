package org.aiorg.agent;

import io.micrometer.core.instrument.MeterRegistry;
import org.aiorg.budget.BudgetGate;
import org.aiorg.task.RelevanceScorer;
import org.aiorg.task.RoleClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The LLM client (OpenAI-compatible, or synthetic without a base URL), the prompt templates
 * (validated here, at start-up), and role routing and relevance scoring: by the LLM when one is
 * configured, else by keywords and lexically.
 */
@Configuration(proxyBeanMethods = false)
class AgentConfig {

    private static final Logger log = LoggerFactory.getLogger(AgentConfig.class);

    @Bean
    PromptTemplates promptTemplates(PromptProperties props) {
        Tokens.warmUp();
        return new PromptTemplates(props.dir());
    }

    @Bean
    Prompts prompts(PromptTemplates templates, PromptProperties props) {
        return new Prompts(templates, props.dependencyTokens());
    }

    @Bean
    @ConditionalOnMissingBean
    LlmClient llmClient(LlmProperties props, ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
        LlmMetrics metrics = new LlmMetrics(meters, props.effectiveModel());
        if (props.isSynthetic()) {
            log.info("LLM: synthetic (deterministic stand-in, latency {}){}", props.syntheticLatency(),
                    props.baseUrl() == null ? "; set AIORG_LLM_BASE_URL for a real model" : "");
            return new SyntheticLlmClient(props.syntheticLatency(), metrics);
        }
        log.info("LLM: {} at {} (timeout {}, {} retries){}", props.model(), props.baseUrl(), props.timeout(),
                props.maxRetries(), props.apiKey() == null ? ", no API key (OPENAI_API_KEY unset)" : "");
        return new OpenAiCompatibleClient(props, metrics);
    }

    @Bean
    @ConditionalOnMissingBean
    RoleClassifier roleClassifier(LlmProperties props, LlmClient llm, Prompts prompts, ObjectProvider<BudgetGate> gate) {
        if (props.isSynthetic()) {
            return new KeywordRoleClassifier();
        }
        return new LlmRoleClassifier(new GatedCall(llm, gate.getObject(), props.classifyTimeout()), prompts);
    }

    @Bean
    @ConditionalOnMissingBean
    RelevanceScorer relevanceScorer(LlmProperties props, LlmClient llm, Prompts prompts, ObjectProvider<BudgetGate> gate) {
        if (props.isSynthetic()) {
            return new LexicalRelevanceScorer();
        }
        return new LlmRelevanceScorer(new GatedCall(llm, gate.getObject(), props.classifyTimeout()), prompts);
    }
}
