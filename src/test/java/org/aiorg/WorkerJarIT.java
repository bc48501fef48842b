package org.aiorg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.aiorg.support.EventStream;
import org.aiorg.support.Http;
import org.aiorg.support.JarProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The packaged jar's workers, started as a user starts them. */
class WorkerJarIT {

    private final Path work = Path.of("target", "it", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void serveDemoSyntheticWorksThroughTheDemoBacklog() throws Exception {
        // The demo's hand-moved "doing" task is taken back after one lease period: a short one here.
        Map<String, String> env = Map.of("AIORG_WORKER_LEASE_TTL", "3s", "AIORG_WORKER_REAPER_INTERVAL", "1s");
        // Dev mode: requests without a token act as an admin of the demo tenant (the API needs a token otherwise).
        try (JarProcess app = JarProcess.serve(work, env, "--demo", "--synthetic", "--dev")) {
            Http api = app.http();
            // Everything gets done but the failed task and the five that depend on it.
            JsonNode counts = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get("/api/tasks/counts").json(), c -> c.get("done").intValue() == 24);
            assertThat(counts.get("failed").intValue()).isEqualTo(1);
            assertThat(counts.get("todo").intValue()).isEqualTo(5);
            assertThat(counts.get("doing").intValue()).isZero();
            JsonNode done = api.get("/api/tasks?status=done&sort=updated_at&limit=1").json().get("items").get(0);
            JsonNode task = api.get("/task/" + done.get("id").stringValue()).json();
            assertThat(task.get("output").stringValue()).isNotBlank();
            assertThat(task.get("model").stringValue()).isEqualTo("synthetic");
            assertThat(task.get("tokens_in").longValue()).isPositive();
            assertThat(task.get("tokens_out").longValue()).isPositive();
            assertThat(task.get("attempts").intValue()).isEqualTo(1);
            String metrics = app.metrics().get("/metrics").body();
            assertThat(metrics).contains("ai_task_duration_seconds_bucket{").contains("ai_tasks_in_flight{")
                    .contains("ai_llm_requests_total{model=\"synthetic\",outcome=\"success\"}")
                    .contains("ai_llm_latency_seconds_bucket{");
            assertThat(app.log()).contains("Workers started as");
        }
    }

    @Test
    void aWorkerProcessServesMetricsAndStopsOnSigterm() throws Exception {
        Files.createDirectories(work);
        int port = JarProcess.freePort();
        String db = "jdbc:sqlite:" + work.resolve("w.db");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-jar", JarProcess.jar().toAbsolutePath().toString(),
                "worker", "-Q", "demo:dev,demo:qa", "--concurrency", "8", "--metrics-port", String.valueOf(port),
                "--db-url", db, "--synthetic"));
        Path log = work.resolve("worker.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Http metrics = new Http("http://127.0.0.1:" + port);
            String body = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> metrics.get("/metrics").body(), b -> b.contains("ai_tasks_in_flight"));
            assertThat(body).contains("ai_tasks_in_flight{role=\"dev\"} 0.0");
            assertThat(metrics.get("/health").body()).contains("UP");
            assertThat(Files.readString(log)).contains("queues [demo:dev, demo:qa], concurrency 8");
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log)).contains("Workers stopped");
    }

    /**
     * Scaled out: the API without workers and a worker process beside it on the same database. The
     * worker's progress reaches a dashboard's live stream on the API process (through the outbox).
     */
    @Test
    void aWorkerProcessesProgressReachesTheLiveStreamOfTheApiProcess() throws Exception {
        Path dir = work.resolve("split");
        try (JarProcess api = JarProcess.serve(dir, Map.of(), "--demo", "--dev", "--no-workers")) {
            EventStream events = EventStream.open(api.awaitTenant("demo"), "/api/events");
            assertThat(events.status()).isEqualTo(200);
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-jar", JarProcess.jar().toAbsolutePath().toString(),
                    "worker", "--concurrency", "8", "--db-url", "jdbc:sqlite:" + dir.resolve("data/ai-org.db"), "--synthetic"));
            Process worker = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
            try {
                boolean elsewhere = false;
                boolean budget = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!(elsewhere && budget) && System.nanoTime() < deadline) {
                    String event = events.next("event:", Duration.ofSeconds(1));
                    if ("event:task".equals(event)) {
                        String data = events.next("data:", Duration.ofSeconds(5));
                        elsewhere |= data != null && data.contains("elsewhere");
                    }
                    budget |= "event:budget".equals(event);
                }
                assertThat(elsewhere).as("a task event for the worker's changes (worker log: %s)",
                        Files.exists(dir.resolve("worker.log")) ? Files.readString(dir.resolve("worker.log")) : "none").isTrue();
                assertThat(budget).as("a budget event: the worker's runs spent budget").isTrue();
            } finally {
                worker.destroy();
                worker.waitFor(60, TimeUnit.SECONDS);
                events.close();
            }
        }
    }

    @Test
    void aBrokenPromptTemplateStopsTheStartWithFileAndLine() throws Exception {
        Path prompts = Files.createDirectories(work.resolve("prompts"));
        Files.writeString(prompts.resolve("planner.j2"), "Plan for {{ tenant.name }}\n{% for d in dependencies %}\n{{ d.output }}\n");

        JarProcess.Result r = JarProcess.run(Map.of(), "worker", "--db-url", "jdbc:sqlite:" + work.resolve("p.db"),
                "--prompts", prompts.toString());

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("APPLICATION FAILED TO START")
                .contains(prompts.resolve("planner.j2").toAbsolutePath() + " line 2");
    }

    @Test
    void badWorkerOptionsAreUsageErrors() throws Exception {
        JarProcess.Result q = JarProcess.run(Map.of(), "worker", "-Q", "demo");
        assertThat(q.exitCode()).isEqualTo(2);
        assertThat(q.output()).contains("-Q: queue 'demo' must be TENANT:ROLE");
        JarProcess.Result role = JarProcess.run(Map.of(), "worker", "-Q", "demo:coder");
        assertThat(role.output()).contains("role must be * or one of: architect, planner, dev, qa, ux_ui, telemetry, research");
        JarProcess.Result latency = JarProcess.run(Map.of(), "serve", "--synthetic-latency", "soon");
        assertThat(latency.exitCode()).isEqualTo(2);
        assertThat(latency.output()).contains("--synthetic-latency: 'soon' is not a duration");
    }
}
