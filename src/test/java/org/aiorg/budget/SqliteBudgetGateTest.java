package org.aiorg.budget;

import org.aiorg.support.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"aiorg.metrics.refresh=1h", "aiorg.budget.sweep-interval=1h", "aiorg.budget.store=sql"})
class SqliteBudgetGateTest extends BudgetGateContract {

    private static final String DB = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }

    @Override
    String dbUrl() {
        return DB;
    }

    @Override
    String redisUrl() {
        return null;
    }
}
