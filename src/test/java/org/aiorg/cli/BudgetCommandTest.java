package org.aiorg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.aiorg.support.TestDatabases;
import org.junit.jupiter.api.Test;

/** {@code ai-org budget ...} run in-process against a SQLite file, as a user types it. */
class BudgetCommandTest {

    private record Run(int exit, String out) {}

    private static Run cli(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.run(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void showsTopsUpSetsAndReconciles() throws Exception {
        String db = TestDatabases.newSqliteUrl();
        String tenant = TestDatabases.newTenant();
        assertThat(cli("migrate", "--db-url", db).exit()).isZero();
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenant (id, name, purpose, created_at) VALUES ('" + tenant + "', 'T', '', 0)");
            s.execute("INSERT INTO budget_account (tenant_id, limit_micros, spent_micros, reserved_micros, updated_at)"
                    + " VALUES ('" + tenant + "', 2000000, 0, 0, 0)");
        }

        Run topup = cli("budget", "topup", "--tenant", tenant, "--amount-usd", "1.5", "--idempotency-key", "k1", "--db-url", db);
        assertThat(topup.exit()).as(topup.out()).isZero();
        assertThat(topup.out()).contains("Topped up 1.500000 USD").contains("limit      ").contains("3.500000 USD");

        Run low = cli("budget", "set", "--tenant", tenant, "--limit-usd", "-1", "--db-url", db);
        assertThat(low.exit()).isEqualTo(1);

        Run set = cli("budget", "set", "--tenant", tenant, "--limit-usd", "4", "--db-url", db);
        assertThat(set.out()).contains("4.000000 USD").contains("8000 1k-token blocks");

        Run reconcile = cli("budget", "reconcile", "--tenant", tenant, "--db-url", db);
        assertThat(reconcile.exit()).as(reconcile.out()).isZero();
        assertThat(reconcile.out()).contains(tenant).contains("matches the ledger");
    }
}
