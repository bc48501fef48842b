/**
 * Token budgets: each tenant's limit, spent and reserved money in integer micro-USD, with the
 * invariant {@code spent + reserved <= limit}. Public face: {@link org.aiorg.budget.Budgets}, the
 * {@link org.aiorg.budget.BudgetGate} port the workers reserve and settle through, and the
 * {@link org.aiorg.budget.BudgetIncreased} event. {@code SqlAccountBudgetGate} is a stand-in gate
 * used only while no other gate is configured.
 */
package org.aiorg.budget;
