package org.aiorg.agent;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the prompt templates come from and how much context they get.
 *
 * @param dir              a folder of {@code *.j2} files that replace the built-in ones of the same
 *                         name ({@code --prompts DIR}, env {@code AIORG_PROMPTS_DIR}); missing files
 *                         fall back to the built-in templates
 * @param dependencyTokens the most tokens of dependency outputs one prompt carries, shared fairly
 *                         between the dependencies (each output is cut to its share)
 */
@ConfigurationProperties("aiorg.prompts")
public record PromptProperties(Path dir, Integer dependencyTokens) {

    public PromptProperties {
        dependencyTokens = dependencyTokens == null ? 3000 : Math.max(0, dependencyTokens);
    }
}
