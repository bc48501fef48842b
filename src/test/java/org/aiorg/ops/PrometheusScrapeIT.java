package org.aiorg.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.aiorg.support.Http;
import org.aiorg.support.JarProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The ops files against the running service: the packaged jar works through the demo backlog
 * (synthetic LLM), every metric that the dashboards and alert rules name is exposed, and a real
 * Prometheus (Debian's binary) scrapes it and answers queries on the service's metrics.
 */
class PrometheusScrapeIT {

    /**
     * Names that only appear once their event has happened, and why they are not forced here:
     * refusals and expiries need an exhausted budget or a dead worker; the graph sync metrics
     * need Neo4j; {@code up} and {@code ALERTS} are Prometheus' own series.
     */
    static final Set<String> CONDITIONAL = Set.of("up", "ALERTS", "ai_budget_refusals_total",
            "ai_budget_reservations_expired_total", "ai_graph_outbox_pending", "ai_graph_sync_lag_seconds", "ai_alerts_total");

    private final Path work = Path.of("target", "it", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void dashboardsAndAlertsNameOnlyExposedMetricsAndPrometheusReadsThem() throws Exception {
        String promtool = "/usr/bin/prometheus";
        assertThat(new File(promtool)).as("Debian's prometheus (apt-get install prometheus; .ci/run installs it)").exists();
        try (JarProcess app = JarProcess.serve(work, Map.of("AIORG_METRICS_REFRESH", "1s"), "--demo", "--synthetic")) {
            Http metrics = app.metrics();
            // A request to the API, so that its timings exist (a 401: no token).
            assertThat(app.http().get("/api/tasks").status()).isEqualTo(401);
            // The demo backlog is worked through: 24 of its 30 tasks can finish.
            String scrape = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> metrics.get("/metrics").body(),
                            m -> m.matches("(?s).*ai_tasks\\{[^}]*status=\"done\"[^}]*} 2[4-9].*")
                                    && m.contains("ai_orchestrator_cycle_seconds_count"));
            Set<String> exposed = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
            Set<String> named = new TreeSet<>(Arrays.asList(Files.readString(Path.of("ops/promql-metrics.txt")).split("\\s+")));
            named.removeIf(String::isBlank);
            named.removeAll(CONDITIONAL);
            assertThat(exposed).as("metrics named by ops/ dashboards and alerts").containsAll(named);

            Path config = work.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    scrape_configs:
                      - job_name: ai-org-api
                        metrics_path: /metrics
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(app.metricsPort));
            int port = JarProcess.freePort();
            Process prometheus = new ProcessBuilder(promtool, "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                    .redirectOutput(work.resolve("prometheus.log").toFile()).start();
            try {
                Http prom = new Http("http://127.0.0.1:" + port);
                for (String query : new String[] {"ai_tenant_budget{tenant=\"demo\",kind=\"remaining\"}",
                        "sum by (role) (ai_task_duration_seconds_count{tenant=\"demo\"})"}) {
                    JsonNode result = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                            .ignoreExceptions()
                            .until(() -> prom.get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).json()
                                    .get("data").get("result"), r -> r.size() > 0);
                    assertThat(result.get(0).get("value").get(1).stringValue()).as(query).isNotBlank();
                }
            } finally {
                prometheus.destroy();
                prometheus.waitFor();
            }
        }
    }
}
