package org.aiorg.graph;

import org.aiorg.task.Tasks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The graph's source: SQL unless the Neo4j configuration (imported here, so that its beans are
 * registered first and the condition below sees them) provides one.
 */
@Configuration(proxyBeanMethods = false)
@Import(GraphNeo4jConfig.class)
class GraphConfig {

    @Bean
    @ConditionalOnMissingBean(GraphSource.class)
    GraphSource sqlGraphSource(Tasks tasks) {
        return new SqlGraphSource(tasks);
    }
}
