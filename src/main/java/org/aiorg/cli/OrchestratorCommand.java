package org.aiorg.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aiorg.AiOrgApplication;
import org.aiorg.db.ClusterLeases;
import org.aiorg.orchestrator.Orchestrator;
import org.aiorg.tenant.TenantId;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        description = "Run the orchestrator alone: each cycle prints blocked tasks, the critical path and counts per tenant.")
class OrchestratorCommand implements Callable<Integer> {

    @Option(names = "--once", description = "Print one report and exit")
    boolean once;

    @Option(names = "--interval", description = "Time between cycles, e.g. 5s, 1m (default ${DEFAULT-VALUE})", defaultValue = "5s")
    String interval;

    @Option(names = "--tenant", description = "Only this tenant (default: all)")
    String tenant;

    @Option(names = "--metrics-port", description = "Port of /metrics (default 9105)", defaultValue = "9105")
    int metricsPort;

    @Mixin
    DbOptions db;

    @Override
    public Integer call() throws Exception {
        Duration every = Durations.parse("--interval", interval);
        TenantId only = tenant == null ? null : TenantId.of(tenant);
        Map<String, Object> props = new HashMap<>();
        props.putAll(SpringArgs.toolContext());
        props.put("aiorg.metrics.standalone", !once);
        props.put("aiorg.metrics-port", metricsPort);
        props.put("logging.level.root", "WARN");
        db.putInto(props);
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AiOrgApplication.class).run(SpringArgs.of(props))) {
            Orchestrator orchestrator = ctx.getBean(Orchestrator.class);
            if (once) {
                long start = System.nanoTime();
                List<Orchestrator.Report> reports = only == null ? orchestrator.cycleAll() : List.of(orchestrator.cycle(only));
                long millis = (System.nanoTime() - start) / 1_000_000;
                print(reports);
                int tasks = reports.stream().mapToInt(r -> r.graph().snapshot().size()).sum();
                System.out.printf("cycle: %d tenant(s), %d tasks, %d ms (read, analyse, alerts)%n", reports.size(), tasks, millis);
                return 0;
            }
            ClusterLeases leases = ctx.getBean(ClusterLeases.class);
            String owner = "orchestrator-cli/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            boolean announced = false;
            do {
                if (leases.acquire("orchestrator", owner, every.multipliedBy(3))) {
                    print(only == null ? orchestrator.cycleAll() : List.of(orchestrator.cycle(only)));
                    announced = false;
                } else if (!announced) {
                    System.out.println("Another process runs the orchestrator; waiting to take over.");
                    announced = true;
                }
            } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
            leases.release("orchestrator", owner);
            return 0;
        }
    }

    private static void print(List<Orchestrator.Report> reports) {
        if (reports.isEmpty()) {
            System.out.println("No tenants yet.");
        }
        reports.forEach(r -> System.out.println(r.render()));
        System.out.flush();
    }
}
