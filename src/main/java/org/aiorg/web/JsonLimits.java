package org.aiorg.web;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies nested deeper than {@value #MAX_NESTING_DEPTH} levels are refused while parsing
 * (400 problem), before any recursion over them. Jackson 3 keeps such limits on the immutable
 * stream factory, which a {@link JsonMapperBuilderCustomizer} cannot replace (Boot 4.1 adds
 * {@code spring.jackson.factory.constraints.*}); so this is Boot's builder bean with our factory,
 * still applying every customizer (naming strategy, problem-detail mix-in, ...).
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    static final int MAX_NESTING_DEPTH = 64;

    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    JsonMapper.Builder jsonMapperBuilder(ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        List<JsonMapperBuilderCustomizer> ordered = customizers.orderedStream().toList();
        ordered.forEach(c -> c.customize(builder));
        return builder;
    }
}
