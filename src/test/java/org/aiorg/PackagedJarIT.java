package org.aiorg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aiorg.support.Http;
import org.awaitility.Awaitility;
import org.aiorg.support.EventStream;
import org.aiorg.support.JarProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The packaged jar, started as a user starts it, answering over HTTP; its CLI beside it. */
class PackagedJarIT {

    private final Path work = Path.of("target", "it", UUID.randomUUID().toString()).toAbsolutePath();

    @BeforeEach
    void workFolder() throws Exception {
        Files.createDirectories(work);
    }

    @Test
    void serveDemoPrintsATokenUrlWhoseTokenOpensTheApiAndExportsMetrics() throws Exception {
        // Without workers, so that the task created below is still in the backlog when it is read.
        try (JarProcess app = JarProcess.serve(work, Map.of(), "--demo", "--no-workers")) {
            // the dashboard URL with a 12-hour admin token of the demo tenant, printed once ready
            Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:" + app.port + "/\\?token=([A-Za-z0-9_.-]+)");
            Matcher printed = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> url.matcher(app.log()), Matcher::find);
            String token = printed.group(1);
            assertThat(app.log()).doesNotContainIgnoringCase("generated security password");

            assertThat(app.http().get("/").status()).isEqualTo(401);
            Http api = app.http().bearer(token);
            JsonNode health = api.get("/").json();
            assertThat(health.get("status").stringValue()).isEqualTo("ok");
            assertThat(health.get("tenant").stringValue()).isEqualTo("demo");
            assertThat(health.get("budget_left").decimalValue()).isPositive();
            assertThat(api.get("/api/me").json().get("roles").toString()).contains("admin");

            Http.Response created = api.post("/task", "{\"description\":\"Set up the CI pipeline\",\"value\":2}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(api.get("/backlog?limit=1000").body()).contains(created.json().get("id").stringValue());
            assertThat(api.get("/api/graph").json().get("nodes").size()).isGreaterThanOrEqualTo(31);

            // The SQLite file and the token signing key land under ./data of the working folder, as the README says.
            assertThat(work.resolve("data/ai-org.db")).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("data/jwt-secret")))).isEqualTo("rw-------");

            // The CLI signs with the same key file and manages tenants in the same database, beside the running server.
            JarProcess.Result member = JarProcess.run(work, Map.of(), "token", "--tenant", "demo", "--role", "member", "--ttl", "10m");
            assertThat(member.exitCode()).as(member.output()).isZero();
            Http asMember = app.http().bearer(member.output().strip());
            assertThat(asMember.get("/backlog").status()).isEqualTo(200);
            assertThat(asMember.patch("/api/tenant", "{\"name\":\"Mine now\"}").status()).isEqualTo(403);

            JarProcess.Result created2 = JarProcess.run(work, Map.of(), "tenant", "create", "acme", "--name", "Acme Corp",
                    "--purpose", "Sell anvils", "--budget-usd", "12.50");
            assertThat(created2.exitCode()).as(created2.output()).isZero();
            assertThat(created2.output()).contains("Created tenant 'acme' (Acme Corp) with a budget of 12.50 USD");
            assertThat(JarProcess.run(work, Map.of(), "tenant", "create", "acme").exitCode()).isEqualTo(1);
            JarProcess.Result list = JarProcess.run(work, Map.of(), "tenant", "list");
            assertThat(list.output()).contains("acme").contains("Acme Corp").contains("12.50").contains("demo");
            JarProcess.Result show = JarProcess.run(work, Map.of(), "tenant", "show", "acme");
            assertThat(show.output()).contains("Sell anvils").contains("limit 12.50 USD");
            assertThat(JarProcess.run(work, Map.of(), "tenant", "show", "nobody").exitCode()).isEqualTo(1);

            JarProcess.Result acmeAdmin = JarProcess.run(work, Map.of(), "token", "--tenant", "acme", "--role", "admin", "--sub", "ops");
            JsonNode acme = app.http().bearer(acmeAdmin.output().strip()).get("/").json();
            assertThat(acme.get("tenant").stringValue()).isEqualTo("acme");
            assertThat(acme.get("budget_limit").decimalValue()).isEqualByComparingTo("12.5");

            // The status gauge is refreshed from the database every few seconds: wait for it. No token on the management port.
            String metrics = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> app.metrics().get("/metrics").body(),
                            m -> m.matches("(?s).*ai_tasks\\{[^}]*status=\"todo\"[^}]*\\} [1-9].*"));
            assertThat(metrics).containsPattern("ai_tasks\\{[^}]*status=\"todo\"[^}]*\\} [1-9]");
            assertThat(metrics).contains("ai_task_creations_total{").contains("tenant=\"demo\"");
            assertThat(metrics).contains("http_server_requests_seconds_bucket");

            // The orchestrator, run alone beside the server, reports on the same database.
            JarProcess.Result report = JarProcess.run(Map.of(), "orchestrator", "--once", "--tenant", "demo",
                    "--db-url", "jdbc:sqlite:" + work.resolve("data/ai-org.db"));
            assertThat(report.exitCode()).as(report.output()).isZero();
            assertThat(report.output()).contains("== tenant demo").contains("blocked:").contains("critical path: ")
                    .contains("failed: ");
        }
    }

    /**
     * Stopping serve (SIGTERM) while a dashboard's live-event stream is open ends the stream and
     * exits at once, not after Tomcat's graceful shutdown gave up waiting for the stream (30 s).
     */
    @Test
    void stopsPromptlyWhileALiveEventStreamIsOpen() throws Exception {
        try (JarProcess app = JarProcess.serve(work, Map.of(), "--demo", "--dev", "--no-workers")) {
            try (EventStream events = EventStream.open(app.awaitTenant("demo"), "/api/events")) {
                assertThat(events.status()).isEqualTo(200);
                assertThat(events.next("event:", Duration.ofSeconds(10))).as("the stream's first event").isEqualTo("event:hello");

                app.process().destroy();
                assertThat(app.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("serve exits within 10 s of SIGTERM").isTrue();
                assertThat(events.awaitEnd(Duration.ofSeconds(5))).as("the stream ended").isTrue();
            }
            assertThat(app.log()).doesNotContain("Graceful shutdown aborted");
        }
    }

    @Test
    void devModeRefusesANonLoopbackAddressInOneLine() throws Exception {
        JarProcess.Result option = JarProcess.run(work, Map.of(), "serve", "--dev", "--bind", "0.0.0.0");
        assertThat(option.exitCode()).isEqualTo(1);
        assertThat(option.output().strip()).startsWith("ai-org: Dev mode").contains("loopback").doesNotContain("\n");
        JarProcess.Result env = JarProcess.run(work, Map.of("AIORG_DEV", "true", "AIORG_BIND", "0.0.0.0"), "serve");
        assertThat(env.exitCode()).isEqualTo(1);
        assertThat(env.output()).contains("loopback");
    }

    @Test
    void serveRefusesAWeakSecretSayingWhatToChangeWithoutAStackTrace() throws Exception {
        JarProcess.Result weak = JarProcess.run(work, Map.of("AIORG_JWT_SECRET", "too-short"),
                "serve", "--port", "0", "--metrics-port", "0");
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.output()).contains("APPLICATION FAILED TO START").contains("has 9 bytes; it needs at least 32")
                .doesNotContain("\tat org.");
    }

    @Test
    void tokenRefusesBadInputAndIdentityProviderMode() throws Exception {
        assertThat(JarProcess.run(work, Map.of(), "token", "--tenant", "demo", "--role", "owner").exitCode()).isEqualTo(2);
        assertThat(JarProcess.run(work, Map.of(), "token", "--tenant", "Demo!", "--role", "admin").exitCode()).isEqualTo(2);
        assertThat(JarProcess.run(work, Map.of(), "token", "--tenant", "demo", "--role", "admin", "--ttl", "forever").exitCode()).isEqualTo(2);
        JarProcess.Result idp = JarProcess.run(work, Map.of("AIORG_JWT_JWK_SET_URI", "http://127.0.0.1:1/jwks"),
                "token", "--tenant", "demo", "--role", "admin");
        assertThat(idp.exitCode()).isEqualTo(1);
        assertThat(idp.output()).contains("identity provider");
        JarProcess.Result weak = JarProcess.run(work, Map.of("AIORG_JWT_SECRET", "too-short"), "token", "--tenant", "demo", "--role", "admin");
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.output()).contains("at least 32");
    }

    @Test
    void migrateAndVersionRunAndExit() throws Exception {
        String db = "jdbc:sqlite:" + work.resolve("m.db");
        JarProcess.Result migrate = JarProcess.run(Map.of(), "migrate", "--db-url", db);
        assertThat(migrate.exitCode()).as(migrate.output()).isZero();
        // any number: migrations are added by several features
        assertThat(migrate.output()).containsPattern("Applied [1-9][0-9]* migration\\(s\\); schema version \\d+");
        JarProcess.Result again = JarProcess.run(Map.of("AIORG_DB_URL", db), "migrate");
        assertThat(again.output()).contains("Applied 0 migration(s)");

        JarProcess.Result seedHelp = JarProcess.run(Map.of(), "seed-graph", "--help");
        assertThat(seedHelp.exitCode()).as(seedHelp.output()).isZero();
        assertThat(seedHelp.output()).contains("--reset").contains("--neo4j-uri").contains("--tenant");

        for (String command : List.of("serve", "worker", "migrate", "orchestrator", "budget", "token", "tenant", "seed-graph", "version")) {
            JarProcess.Result help = JarProcess.run(Map.of(), command, "--help");
            assertThat(help.exitCode()).as(command + " --help: " + help.output()).isZero();
            assertThat(help.output()).as(command + " --help").contains("Usage: ai-org " + command);
        }

        JarProcess.Result version = JarProcess.run(Map.of(), "version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("ai-org 0.1.0");

        JarProcess.Result bad = JarProcess.run(Map.of(), "serve", "--port", "notaport");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("--port");
    }
}
