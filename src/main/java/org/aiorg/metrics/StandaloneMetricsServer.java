package org.aiorg.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@code GET /metrics} for processes without a web server ({@code worker}, {@code orchestrator}):
 * a tiny JDK HTTP server on {@code aiorg.metrics-port}, bound to {@code aiorg.metrics-bind}.
 */
@Component
@ConditionalOnBooleanProperty("aiorg.metrics.standalone")
class StandaloneMetricsServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StandaloneMetricsServer.class);

    private final PrometheusMeterRegistry registry;
    private final String bind;
    private final int port;
    private HttpServer server;

    StandaloneMetricsServer(PrometheusMeterRegistry registry, @Value("${aiorg.metrics-bind}") String bind,
            @Value("${aiorg.metrics-port}") int port) {
        this.registry = registry;
        this.bind = bind;
        this.port = port;
    }

    @Override
    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serve metrics on " + bind + ":" + port + ": " + e.getMessage()
                    + " (choose another with --metrics-port)", e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        log.info("Metrics on http://{}:{}/metrics", bind, server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
