package org.aiorg.agent;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a broken prompt template at start-up into a short report naming the file and line. */
class PromptTemplateFailureAnalyzer extends AbstractFailureAnalyzer<PromptTemplateException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, PromptTemplateException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the template (Jinja syntax, variables as listed in the README under \"Prompts\"), or remove it "
                        + "from the prompts folder to use the built-in one.", cause);
    }
}
