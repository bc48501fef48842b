package org.aiorg.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.aiorg.AiOrgApplication;
import org.aiorg.budget.BudgetAccount;
import org.aiorg.budget.Budgets;
import org.aiorg.budget.Micros;
import org.aiorg.common.ClientError;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tenant", mixinStandardHelpOptions = true, description = "Create, list and show tenants (migrates the database first).",
        subcommands = {TenantCommand.Create.class, TenantCommand.ListTenants.class, TenantCommand.Show.class})
class TenantCommand implements Runnable {

    static final BigDecimal MAX_BUDGET_USD = new BigDecimal("1000000000");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The service without its web server, for one command; client errors become one line and exit code 1. */
    static int withServices(DbOptions db, Function<ConfigurableApplicationContext, Integer> work) {
        Map<String, Object> props = new HashMap<>();
        props.putAll(SpringArgs.toolContext());
        props.put("spring.main.log-startup-info", false);
        props.put("logging.level.root", "WARN");
        props.put("logging.level.org.aiorg", "WARN");
        db.putInto(props);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AiOrgApplication.class).run(SpringArgs.of(props))) {
            return work.apply(context);
        } catch (ClientError e) {
            System.err.println("ai-org: " + e.getMessage());
            return 1;
        }
    }

    static String usd(long micros) {
        return Micros.toUsd(micros).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a tenant with its budget account.")
    static class Create implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "Tenant id: 1-64 of a-z, 0-9, '-', '_'")
        String id;

        @Option(names = "--name", description = "Display name (default: the id)")
        String name;

        @Option(names = "--purpose", description = "What the organisation is for; tasks are scored for relevance against it")
        String purpose;

        @Option(names = "--budget-usd", paramLabel = "USD", description = "Initial budget limit in USD (default AIORG_BUDGET_DEFAULT_LIMIT_USD, 5.00)")
        BigDecimal budgetUsd;

        @Mixin
        DbOptions db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (budgetUsd != null && (budgetUsd.signum() < 0 || budgetUsd.compareTo(MAX_BUDGET_USD) > 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--budget-usd: must be between 0 and " + MAX_BUDGET_USD);
            }
            return withServices(db, context -> {
                Tenant t = context.getBean(Tenants.class).create(TenantId.of(id), name != null ? name : id, purpose,
                        budgetUsd == null ? null : Micros.fromUsd(budgetUsd));
                BudgetAccount account = context.getBean(Budgets.class).account(t.id());
                System.out.printf("Created tenant '%s' (%s) with a budget of %s USD.%nAn admin token for it: ai-org token --tenant %s --role admin%n",
                        t.id(), t.name(), usd(account.limitMicros()), t.id());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tenants with their budget left.")
    static class ListTenants implements Callable<Integer> {

        @Mixin
        DbOptions db;

        @Override
        public Integer call() {
            return withServices(db, context -> {
                Map<String, BudgetAccount> accounts = new HashMap<>();
                context.getBean(Budgets.class).all().forEach(a -> accounts.put(a.tenant(), a));
                System.out.printf("%-24s %-32s %12s %12s%n", "ID", "NAME", "LIMIT_USD", "LEFT_USD");
                for (Tenant t : context.getBean(Tenants.class).all()) {
                    BudgetAccount a = accounts.get(t.id().value());
                    System.out.printf("%-24s %-32s %12s %12s%n", t.id(), t.name(), a == null ? "-" : usd(a.limitMicros()),
                            a == null ? "-" : usd(a.remainingMicros()));
                }
                return 0;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a tenant: purpose, budget and tasks by status.")
    static class Show implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        DbOptions db;

        @Override
        public Integer call() {
            return withServices(db, context -> {
                TenantId tenant = TenantId.of(id);
                Tenant t = context.getBean(Tenants.class).get(tenant);
                BudgetAccount a = context.getBean(Budgets.class).account(tenant);
                System.out.printf("id:       %s%nname:     %s%ncreated:  %s%npurpose:  %s%n", t.id(), t.name(), t.createdAt(), t.purpose());
                System.out.printf("budget:   limit %s USD, spent %s, reserved %s, left %s%n", usd(a.limitMicros()), usd(a.spentMicros()),
                        usd(a.reservedMicros()), usd(a.remainingMicros()));
                StringBuilder tasks = new StringBuilder();
                context.getBean(Tasks.class).countsByStatus(tenant).forEach((s, n) -> tasks.append(s.wire()).append(' ').append(n).append(", "));
                System.out.printf("tasks:    %s%n", tasks.isEmpty() ? "none" : tasks.substring(0, tasks.length() - 2));
                return 0;
            });
        }
    }
}
