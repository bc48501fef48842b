/**
 * Agents: role routing (classification), purpose-relevance scoring, prompts and LLM clients.
 * Implements the {@link org.aiorg.task.RoleClassifier} and {@link org.aiorg.task.RelevanceScorer}
 * ports of the task feature; its own LLM calls (classification, relevance) are paid through the
 * budget feature's {@link org.aiorg.budget.BudgetGate}. Public face for the workers:
 * {@link org.aiorg.agent.LlmClient}, {@link org.aiorg.agent.Prompts}, {@link org.aiorg.agent.Tokens}.
 */
package org.aiorg.agent;
