/**
 * Workers: claim ready tasks of their queues under a lease, run each on a virtual thread (prompt,
 * budget reservation, LLM call), and write outcomes with the budget settlement in batches.
 * Also the lease reaper and the hold checks that every process runs. Uses the task
 * ({@link org.aiorg.task.TaskExecutions}), budget ({@link org.aiorg.budget.BudgetGate}), agent
 * (prompts, LLM client) and tenant features; nothing depends on it.
 */
package org.aiorg.worker;
