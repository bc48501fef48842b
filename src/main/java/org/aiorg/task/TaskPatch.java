package org.aiorg.task;

import java.util.List;
import java.util.Set;

/**
 * Changes to a task, validated. {@code present} names the fields the client sent, so that an
 * explicit {@code null} (clear the owner, the role) differs from an absent field. {@code run} is
 * what an agent reports of its run (output, error, model, latency), shown by {@code GET /task/{id}}.
 */
public record TaskPatch(
        Set<String> present,
        TaskStatus status,
        String description,
        String owner,
        Double estValue,
        Double tokensPlan,
        Double tokensActual,
        Double purposeRelevance,
        Role role,
        List<String> dependsOn,
        RunReport run) {

    /** What an agent reports of a run; a field is applied when {@link #has} names it ({@code output}, {@code error}, {@code model}, {@code latency_ms}). */
    public record RunReport(String output, String error, String model, Long latencyMs) {
        public static final RunReport NONE = new RunReport(null, null, null, null);
    }

    /** A change without a run report. */
    public TaskPatch(Set<String> present, TaskStatus status, String description, String owner, Double estValue, Double tokensPlan,
            Double tokensActual, Double purposeRelevance, Role role, List<String> dependsOn) {
        this(present, status, description, owner, estValue, tokensPlan, tokensActual, purposeRelevance, role, dependsOn, RunReport.NONE);
    }

    public boolean has(String field) {
        return present.contains(field);
    }

    public static TaskPatch status(TaskStatus status) {
        return new TaskPatch(Set.of("status"), status, null, null, null, null, null, null, null, null);
    }
}
