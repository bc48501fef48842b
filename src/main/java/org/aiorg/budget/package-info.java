/**
 * Token budgets: each tenant's limit, spent and reserved money in integer micro-USD, with the
 * invariant {@code spent + reserved <= limit}. Public face: {@link org.aiorg.budget.Budgets}.
 */
package org.aiorg.budget;
