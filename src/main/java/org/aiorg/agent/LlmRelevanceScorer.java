package org.aiorg.agent;

import java.util.Optional;
import java.util.regex.Pattern;
import org.aiorg.task.RelevanceScorer;
import org.aiorg.tenant.Tenant;

/**
 * Asks the LLM how relevant a task is to the tenant's purpose ({@code prompts/relevance.j2}) and
 * accepts only a bare number in 0..1; anything else, or a failed call, falls back to the lexical score.
 */
final class LlmRelevanceScorer implements RelevanceScorer {

    private static final Pattern NUMBER = Pattern.compile("0?\\.\\d{1,4}|0|1|1\\.0{1,4}");
    private static final int MAX_TOKENS = 8;

    private final GatedCall llm;
    private final Prompts prompts;

    LlmRelevanceScorer(GatedCall llm, Prompts prompts) {
        this.llm = llm;
        this.prompts = prompts;
    }

    @Override
    public Score score(Tenant tenant, String description) {
        try {
            Optional<Double> r = llm.ask(tenant.id(), "relevance", prompts.relevance(tenant, description), MAX_TOKENS)
                    .flatMap(LlmRelevanceScorer::parse);
            if (r.isPresent()) {
                return new Score(r.get(), "llm");
            }
        } catch (RuntimeException e) {
            // fall back like any other failure
        }
        return new Score(LexicalRelevanceScorer.relevance(tenant.purpose(), description), "lexical");
    }

    static Optional<Double> parse(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        String s = answer.strip();
        return NUMBER.matcher(s).matches() ? Optional.of(Double.parseDouble(s)) : Optional.empty();
    }
}
