/**
 * The orchestrator: every cycle it analyses each tenant's graph, raises alerts (a task newly
 * blocked, a task failed, the critical path grew), exports blocked-task and critical-path
 * metrics and prints a readable report. Runs in {@code serve} or alone ({@code ai-org orchestrator}),
 * one process at a time cluster-wide. Public face: {@link org.aiorg.orchestrator.Orchestrator},
 * {@link org.aiorg.orchestrator.Alerts}, {@link org.aiorg.orchestrator.AlertRaised}.
 */
package org.aiorg.orchestrator;
