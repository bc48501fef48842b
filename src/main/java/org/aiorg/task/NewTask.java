package org.aiorg.task;

import java.util.List;

/**
 * A task to create, validated. Nullable fields are filled in by the service: role by the
 * classifier, purpose relevance by the scorer, tokens plan by {@link #DEFAULT_TOKENS_PLAN}.
 */
public record NewTask(
        String description,
        double estValue,
        List<String> dependsOn,
        Double tokensPlan,
        Double purposeRelevance,
        String owner,
        Role role) {

    public static final double DEFAULT_VALUE = 1.0;
    public static final double DEFAULT_TOKENS_PLAN = 1.0;

    public NewTask {
        dependsOn = List.copyOf(dependsOn);
    }

    public static NewTask of(String description, double value, List<String> dependsOn) {
        return new NewTask(description, value, dependsOn, null, null, null, null);
    }
}
