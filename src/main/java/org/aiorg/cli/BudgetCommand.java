package org.aiorg.cli;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.aiorg.AiOrgApplication;
import org.aiorg.budget.BudgetAccount;
import org.aiorg.budget.Budgets;
import org.aiorg.budget.Micros;
import org.aiorg.budget.ReconcileReport;
import org.aiorg.budget.TopUp;
import org.aiorg.common.ClientError;
import org.aiorg.tenant.TenantId;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ai-org budget show|set|topup|reconcile}: a non-web Spring context calling the budget service. */
@Command(name = "budget", mixinStandardHelpOptions = true, description = "Show and change a tenant's token budget.",
        subcommands = {BudgetCommand.Show.class, BudgetCommand.Set.class, BudgetCommand.TopUpCmd.class, BudgetCommand.Reconcile.class})
class BudgetCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every budget subcommand takes. */
    static class Target {

        @Option(names = "--tenant", paramLabel = "TENANT", description = "The tenant's id")
        String tenant;

        @Option(names = "--redis-url", paramLabel = "URL", description = "Redis of the redis budget store (env AIORG_REDIS_URL)")
        String redisUrl;

        @Mixin
        DbOptions db;

        /** Starts the service without web server, metrics port, sweeper or demo, runs the work and closes. */
        int withBudgets(Function<Budgets, Integer> work) {
            Map<String, Object> props = new HashMap<>();
            props.putAll(SpringArgs.toolContext());
            props.put("aiorg.budget.sweeper", false);
            props.put("aiorg.metrics.refresh", "1h");
            props.put("aiorg.demo", false);
            props.put("logging.level.root", "WARN");
            props.put("logging.level.org.aiorg", "WARN");
            if (redisUrl != null) {
                props.put("aiorg.redis.url", redisUrl);
            }
            db.putInto(props);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AiOrgApplication.class)
                    .web(WebApplicationType.NONE).run(SpringArgs.of(props))) {
                return work.apply(context.getBean(Budgets.class));
            } catch (ClientError e) {
                System.err.println("ai-org budget: " + e.getMessage());
                return 1;
            }
        }

        TenantId tenantId() {
            if (tenant == null) {
                throw ClientError.invalid("tenant", "is required: --tenant TENANT");
            }
            return TenantId.of(tenant);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the tenant's limit, spent, reserved and remaining.")
    static class Show implements Callable<Integer> {

        @Mixin
        Target target;

        @Override
        public Integer call() {
            return target.withBudgets(budgets -> {
                print(budgets, budgets.account(target.tenantId()));
                return 0;
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set the tenant's limit (refused below spent + reserved).")
    static class Set implements Callable<Integer> {

        @Mixin
        Target target;

        @Option(names = "--limit-usd", required = true, paramLabel = "USD", description = "The new limit in USD")
        BigDecimal limitUsd;

        @Override
        public Integer call() {
            return target.withBudgets(budgets -> {
                long micros = usd(limitUsd, "limit_usd");
                print(budgets, budgets.setLimit(target.tenantId(), micros));
                return 0;
            });
        }
    }

    @Command(name = "topup", mixinStandardHelpOptions = true, description = "Add to the tenant's limit.")
    static class TopUpCmd implements Callable<Integer> {

        @Mixin
        Target target;

        @Option(names = "--amount-usd", required = true, paramLabel = "USD", description = "How much to add, in USD")
        BigDecimal amountUsd;

        @Option(names = "--idempotency-key", paramLabel = "KEY",
                description = "Repeating a key adds nothing the second time (default: a new key)")
        String key;

        @Override
        public Integer call() {
            return target.withBudgets(budgets -> {
                String k = key != null ? key : "cli-" + UUID.randomUUID();
                TopUp t = budgets.topUp(target.tenantId(), usd(amountUsd, "amount_usd"), k);
                System.out.printf("%s %s USD (key %s); limit now %s USD%n", t.replayed() ? "Already topped up" : "Topped up",
                        Micros.toUsd(t.amountMicros()).toPlainString(), k, Micros.toUsd(t.limitMicros()).toPlainString());
                print(budgets, budgets.account(target.tenantId()));
                return 0;
            });
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true, description = {
            "Compare the budget store with the SQL ledger. With the redis store, rebuild Redis from the ledger",
            "(after Redis lost data; best with no worker running). Without --tenant: every tenant."})
    static class Reconcile implements Callable<Integer> {

        @Mixin
        Target target;

        @Override
        public Integer call() {
            return target.withBudgets(budgets -> {
                boolean rebuild = budgets.store().equals("redis");
                List<ReconcileReport> reports = target.tenant == null
                        ? budgets.reconcileAll(rebuild)
                        : List.of(budgets.reconcile(target.tenantId(), rebuild));
                int differ = 0;
                for (ReconcileReport r : reports) {
                    String state = r.rebuilt() ? (r.matched() ? "rebuilt, it matched" : "rebuilt from the ledger")
                            : (r.matched() ? "matches the ledger" : "DIFFERS from the ledger");
                    if (!r.matched() && !r.rebuilt()) {
                        differ++;
                    }
                    System.out.printf("%-20s %-5s %s; ledger: limit %s, spent %s, reserved %s USD (%d open); store had: %s%n",
                            r.tenant(), r.store(), state, usdText(r.fromLedger().limitMicros()), usdText(r.fromLedger().spentMicros()),
                            usdText(r.fromLedger().reservedMicros()), r.openReservations(),
                            r.before() == null ? "nothing" : "limit " + usdText(r.before().limitMicros()) + ", spent "
                                    + usdText(r.before().spentMicros()) + ", reserved " + usdText(r.before().reservedMicros()));
                }
                return differ == 0 ? 0 : 2;
            });
        }
    }

    static long usd(BigDecimal usd, String field) {
        if (usd.stripTrailingZeros().scale() > 6) {
            throw ClientError.invalid(field, "must have at most 6 decimals");
        }
        return Micros.fromUsd(usd);
    }

    static String usdText(long micros) {
        return Micros.toUsd(micros).toPlainString();
    }

    static void print(Budgets budgets, BudgetAccount a) {
        System.out.printf("tenant     %s (store: %s)%n", a.tenant(), budgets.store());
        System.out.printf("limit      %14s USD%n", usdText(a.limitMicros()));
        System.out.printf("spent      %14s USD%n", usdText(a.spentMicros()));
        System.out.printf("reserved   %14s USD%n", usdText(a.reservedMicros()));
        System.out.printf("remaining  %14s USD (%d 1k-token blocks at the default price)%n", usdText(a.remainingMicros()),
                a.remainingMicros() / Math.max(1, budgets.pricing().defaultPrice().microsPer1kBlock()));
    }
}
