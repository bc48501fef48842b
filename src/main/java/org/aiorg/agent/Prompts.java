package org.aiorg.agent;

import org.aiorg.task.ClaimedTask;
import org.aiorg.task.Role;
import org.aiorg.tenant.Tenant;

/** Renders the prompts agents are given: per role for tasks, and for classification and relevance. */
public final class Prompts {

    private final PromptTemplates templates;
    private final int dependencyTokens;

    public Prompts(PromptTemplates templates, int dependencyTokens) {
        this.templates = templates;
        this.dependencyTokens = dependencyTokens;
    }

    /** The task's role prompt with its tenant and what its dependencies produced (trimmed to the token limit). */
    public String forTask(Tenant tenant, ClaimedTask claimed, int maxOutputTokens) {
        Role role = claimed.task().role() == null ? Role.DEV : claimed.task().role();
        return templates.render(role.wire(), PromptContext.forTask(tenant, claimed, dependencyTokens, maxOutputTokens));
    }

    public String classifier(Tenant tenant, String description) {
        return templates.render(PromptTemplates.CLASSIFIER, PromptContext.forDescription(tenant, description));
    }

    public String relevance(Tenant tenant, String description) {
        return templates.render(PromptTemplates.RELEVANCE, PromptContext.forDescription(tenant, description));
    }
}
