package org.aiorg.budget;

import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;

/**
 * The application's budget gate ({@link StoreBackedGate} over {@link SqlBudgetStore}) on a fresh
 * SQLite database, without Spring: for unit tests of code that pays for LLM calls. Default prices
 * (USD 0.0005 per 1k tokens, in and out).
 */
public final class SqliteBudget implements AutoCloseable {

    private final BudgetHarness harness;

    private SqliteBudget(BudgetHarness harness) {
        this.harness = harness;
    }

    /** A migrated database with one tenant whose limit is {@code limitMicros}. */
    public static SqliteBudget open(TenantId tenant, long limitMicros) {
        BudgetHarness h = new BudgetHarness(TestDatabases.newSqliteUrl(), null, 2);
        h.createTenant(tenant, limitMicros);
        return new SqliteBudget(h);
    }

    public BudgetGate gate() {
        return harness.gate;
    }

    public BudgetAccount account(TenantId tenant) {
        return harness.store.account(tenant).orElseThrow();
    }

    /** What a call of the model costs at the gate's prices, in micro-USD. */
    public static long cost(String model, long inputTokens, long outputTokens) {
        return new Pricing(Pricing.DEFAULT, java.util.Map.of()).costMicros(model, inputTokens, outputTokens);
    }

    @Override
    public void close() {
        harness.close();
    }
}
