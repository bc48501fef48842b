package org.aiorg.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aiorg.AiOrgApplication;
import org.aiorg.task.TaskQueue;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Work through ready tasks of the given queues (no HTTP API; migrates the database first).")
class WorkerCommand implements Callable<Integer> {

    @Option(names = {"-Q", "--queues"}, paramLabel = "TENANT:ROLE[,...]",
            description = "Queues to take tasks from, e.g. demo:dev,demo:qa; * for any tenant or role (default: all)")
    String queues;

    @Option(names = "--concurrency", description = "Tasks in flight at most (default 256)")
    Integer concurrency;

    @Option(names = "--metrics-port", description = "Serve /metrics and /health on this port (default: none)")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS",
            description = "Address of the metrics port (env AIORG_METRICS_BIND; default 127.0.0.1)")
    String metricsBind;

    @Mixin
    DbOptions db;

    @Mixin
    AgentOptions agent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("aiorg.worker.enabled", true);
        if (queues != null) {
            try {
                TaskQueue.parseList(queues);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-Q: " + e.getMessage());
            }
            props.put("aiorg.worker.queues", queues);
        }
        if (concurrency != null) {
            if (concurrency < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be >= 1");
            }
            props.put("aiorg.worker.concurrency", concurrency);
        }
        db.putInto(props);
        agent.putInto(props, spec.commandLine());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AiOrgApplication.class)
                .web(WebApplicationType.NONE).run(SpringArgs.of(props));
        MetricsHttpServer metrics = null;
        if (metricsPort != null) {
            String bind = metricsBind != null ? metricsBind : context.getEnvironment().getProperty("aiorg.metrics-bind", "127.0.0.1");
            metrics = new MetricsHttpServer(bind, metricsPort, context.getBean(PrometheusMeterRegistry.class));
        }
        try {
            ServeCommand.awaitClose(context);
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
        return 0;
    }
}
