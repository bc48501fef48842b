package org.aiorg.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.aiorg.AiOrgApplication;
import org.aiorg.security.DevMode;
import org.aiorg.security.StartupRefused;
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

    @Option(names = "--demo", description = "Create the tenant 'demo' with a demo backlog if missing, and print a dashboard URL"
            + " with a 12-hour admin token for it")
    boolean demo;

    @Option(names = "--dev", description = "Dev mode: requests without a token act as an admin of the X-Tenant tenant (default demo);"
            + " loopback addresses only (env AIORG_DEV)")
    boolean dev;

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
        if (dev) {
            props.put("aiorg.dev", true);
        }
        // why: fail in one line before Spring starts; the same check runs inside for other config sources
        if (dev || Boolean.parseBoolean(System.getenv("AIORG_DEV"))) {
            String problem = DevMode.bindProblem(bind != null ? bind : System.getenv().getOrDefault("AIORG_BIND", "127.0.0.1"));
            if (problem != null) {
                System.err.println("ai-org: " + problem);
                return 1;
            }
        }
        db.putInto(props);
        agent.putInto(props, spec.commandLine());
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(AiOrgApplication.class).run(SpringArgs.of(props));
        } catch (RuntimeException e) {
            if (refused(e)) {
                return 1; // Spring has printed what to change (StartupRefusedAnalyzer); no stack trace on top
            }
            throw e;
        }
        awaitClose(context);
        return 0;
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupRefused) {
                return true;
            }
        }
        return false;
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
