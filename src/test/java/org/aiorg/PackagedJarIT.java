package org.aiorg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.aiorg.support.Http;
import org.awaitility.Awaitility;
import org.aiorg.support.JarProcess;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The packaged jar, started as a user starts it, answering over HTTP. */
class PackagedJarIT {

    private final Path work = Path.of("target", "it", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void serveDemoAnswersTheSeedApiAndExportsMetrics() throws Exception {
        // Without workers, so that the task created below is still in the backlog when it is read.
        try (JarProcess app = JarProcess.serve(work, Map.of(), "--demo", "--no-workers")) {
            Http api = app.http();
            JsonNode health = api.get("/").json();
            assertThat(health.get("status").stringValue()).isEqualTo("ok");
            assertThat(health.get("tenant").stringValue()).isEqualTo("demo");
            assertThat(health.get("budget_left").decimalValue()).isPositive();

            Http.Response created = api.post("/task", "{\"description\":\"Set up the CI pipeline\",\"value\":2}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(api.get("/backlog?limit=1000").body()).contains(created.json().get("id").stringValue());
            assertThat(api.get("/api/graph").json().get("nodes").size()).isGreaterThanOrEqualTo(31);

            // The SQLite file lands under ./data of the working folder, as the README says.
            assertThat(work.resolve("data/ai-org.db")).exists();

            // The status gauge is refreshed from the database every few seconds: wait for it.
            String metrics = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> app.metrics().get("/metrics").body(),
                            m -> m.matches("(?s).*ai_tasks\\{[^}]*status=\"todo\"[^}]*\\} [1-9].*"));
            assertThat(metrics).containsPattern("ai_tasks\\{[^}]*status=\"todo\"[^}]*\\} [1-9]");
            assertThat(metrics).contains("ai_task_creations_total{").contains("tenant=\"demo\"");
            assertThat(metrics).contains("http_server_requests_seconds_bucket");
        }
    }

    @Test
    void migrateAndVersionRunAndExit() throws Exception {
        String db = "jdbc:sqlite:" + work.resolve("m.db");
        JarProcess.Result migrate = JarProcess.run(Map.of(), "migrate", "--db-url", db);
        assertThat(migrate.exitCode()).as(migrate.output()).isZero();
        assertThat(migrate.output()).containsPattern("Applied [1-9][0-9]* migration\\(s\\)");
        JarProcess.Result again = JarProcess.run(Map.of("AIORG_DB_URL", db), "migrate");
        assertThat(again.output()).contains("Applied 0 migration(s)");

        JarProcess.Result version = JarProcess.run(Map.of(), "version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("ai-org 0.1.0");

        JarProcess.Result bad = JarProcess.run(Map.of(), "serve", "--port", "notaport");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("--port");
    }
}
