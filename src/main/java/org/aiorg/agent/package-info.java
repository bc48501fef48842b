/**
 * Agents: role routing (classification), purpose-relevance scoring, prompts and LLM clients.
 * Implements the {@link org.aiorg.task.RoleClassifier} and {@link org.aiorg.task.RelevanceScorer}
 * ports of the task feature.
 */
package org.aiorg.agent;
