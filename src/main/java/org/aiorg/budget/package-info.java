/**
 * Token budgets: each tenant's limit, spent and reserved money in integer micro-USD, with the
 * invariant {@code spent + reserved <= limit}, and the two-phase gate workers call around every
 * LLM call (reserve, mark sent, settle or release; expiry by a sweeper).
 *
 * <p>Public face: {@link org.aiorg.budget.BudgetGate} (the port), {@link org.aiorg.budget.Budgets}
 * (accounts, top-ups, limits, ledger, reconcile), {@link org.aiorg.budget.Pricing} and
 * {@link org.aiorg.budget.TokenCounter}, and the events {@link org.aiorg.budget.BudgetExhausted},
 * {@link org.aiorg.budget.BudgetToppedUp}, {@link org.aiorg.budget.BudgetLimitChanged}, {@link org.aiorg.budget.BudgetIncreased},
 * {@link org.aiorg.budget.ReservationSettled}, {@link org.aiorg.budget.ReservationReleased} and
 * {@link org.aiorg.budget.ReservationExpired}. Package-private: the SQL and Redis stores, the
 * ledger, the sweeper and the controller. Uses {@code tenant}, {@code db} and {@code common}.
 */
package org.aiorg.budget;
