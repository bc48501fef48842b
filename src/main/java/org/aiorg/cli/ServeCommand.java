package org.aiorg.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.aiorg.AiOrgApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the HTTP API and dashboard with workers for all queues (migrates the database first).")
class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port (env AIORG_PORT; default 8000)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (env AIORG_BIND; default 127.0.0.1)")
    String bind;

    @Option(names = "--metrics-port", description = "Port of /metrics (env AIORG_METRICS_PORT; default 9102)")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS",
            description = "Address of the metrics port (env AIORG_METRICS_BIND; default 127.0.0.1)")
    String metricsBind;

    @Option(names = "--demo", description = "Create the tenant 'demo' with a demo backlog if missing")
    boolean demo;

    @Option(names = "--no-workers", description = "Do not run workers in this process (run 'worker' processes instead)")
    boolean noWorkers;

    @Option(names = "--concurrency", description = "Tasks the in-process workers run at once (default 256)")
    Integer concurrency;

    @Mixin
    DbOptions db;

    @Mixin
    AgentOptions agent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> props = new HashMap<>();
        if (port != null) {
            props.put("aiorg.port", port);
        }
        if (bind != null) {
            props.put("aiorg.bind", bind);
        }
        if (metricsPort != null) {
            props.put("aiorg.metrics-port", metricsPort);
        }
        if (metricsBind != null) {
            props.put("aiorg.metrics-bind", metricsBind);
        }
        if (demo) {
            props.put("aiorg.demo", true);
        }
        if (noWorkers) {
            props.put("aiorg.worker.enabled", false);
        }
        if (concurrency != null) {
            if (concurrency < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--concurrency must be >= 1");
            }
            props.put("aiorg.worker.concurrency", concurrency);
        }
        db.putInto(props);
        agent.putInto(props, spec.commandLine());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AiOrgApplication.class)
                .run(SpringArgs.of(props));
        awaitClose(context);
        return 0;
    }

    /** Keeps the command running until the context closes (Ctrl-C, SIGTERM). */
    static void awaitClose(ConfigurableApplicationContext context) {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(e -> {
            if (e instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        if (!context.isActive()) {
            return;
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
