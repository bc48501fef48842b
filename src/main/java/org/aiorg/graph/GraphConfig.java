package org.aiorg.graph;

import org.aiorg.task.Tasks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GraphConfig {

    @Bean
    @ConditionalOnMissingBean(GraphSource.class)
    GraphSource sqlGraphSource(Tasks tasks) {
        return new SqlGraphSource(tasks);
    }
}
