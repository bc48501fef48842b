package org.aiorg.task;

import java.time.Instant;
import java.util.List;

/**
 * A task as clients see it. Token figures: {@code tokensPlan} and {@code tokensActual} are in
 * 1k-token blocks as in the seed; {@code tokensIn}/{@code tokensOut} are exact counts.
 */
public record Task(
        String id,
        String description,
        TaskStatus status,
        String owner,
        double estValue,
        double tokensPlan,
        double tokensActual,
        double purposeRelevance,
        String relevanceSource,
        double valueDensity,
        Role role,
        String roleSource,
        String holdReason,
        long tokensIn,
        long tokensOut,
        String model,
        Long latencyMs,
        int attempts,
        String error,
        List<String> dependsOn,
        Instant createdAt,
        Instant updatedAt) {

    /** Smallest plan used as divisor, so that a 0-token plan does not divide by zero. */
    static final double MIN_PLAN_FOR_DENSITY = 0.001;

    /** Business value per planned 1k tokens, weighted by relevance: the backlog's order. */
    public static double valueDensity(double estValue, double relevance, double tokensPlan) {
        return estValue * relevance / Math.max(tokensPlan, MIN_PLAN_FOR_DENSITY);
    }

    Task withDependsOn(List<String> deps) {
        return new Task(id, description, status, owner, estValue, tokensPlan, tokensActual, purposeRelevance,
                relevanceSource, valueDensity, role, roleSource, holdReason, tokensIn, tokensOut, model, latencyMs,
                attempts, error, List.copyOf(deps), createdAt, updatedAt);
    }
}
