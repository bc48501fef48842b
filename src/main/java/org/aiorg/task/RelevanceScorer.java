package org.aiorg.task;

import org.aiorg.tenant.Tenant;

/** Scores a task 0..1 against its tenant's purpose when the client gave no relevance. */
public interface RelevanceScorer {

    /** The score and where it came from ({@code llm} or {@code lexical}). */
    record Score(double relevance, String source) {}

    Score score(Tenant tenant, String description);
}
