package org.aiorg.orchestrator;

import java.time.Instant;

/** Something a person should look at. {@code kind}: task_blocked, task_failed, critical_path_grew, budget_exhausted. */
public record Alert(String id, Instant at, String kind, String taskId, String message) {}
