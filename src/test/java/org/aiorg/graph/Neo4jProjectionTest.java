package org.aiorg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.aiorg.common.ClientError;
import org.aiorg.demo.DemoBacklog;
import org.aiorg.outbox.Outbox;
import org.aiorg.support.TcpProxy;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.TestNeo4j;
import org.aiorg.task.GraphRow;
import org.aiorg.task.NewTask;
import org.aiorg.task.Task;
import org.aiorg.task.TaskPatch;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Neo4j projection against a real Neo4j (one per test run, {@link TestNeo4j}) over SQLite:
 * changes reach Neo4j through the outbox and the relay, an outage loses nothing, and the analysis
 * of the graph read from Neo4j equals the one read from SQL.
 *
 * <p>The service reaches Neo4j through a {@link TcpProxy}: stopping the proxy is the outage. A
 * second harness on the same port would not do: it starts empty (another store directory) and
 * takes about 18 s. Assertions read Neo4j directly, bypassing the proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "aiorg.metrics.refresh=1h", "aiorg.outbox.prune-interval=1h",
        "aiorg.neo4j.poll=50ms", "aiorg.neo4j.max-backoff=200ms", "aiorg.neo4j.batch-size=100"})
class Neo4jProjectionTest {

    private static final String DB = TestDatabases.newSqliteUrl();
    private static final TestNeo4j.Server NEO4J = TestNeo4j.server();
    private static final TcpProxy PROXY = new TcpProxy(URI.create(NEO4J.uri()));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
        registry.add("aiorg.neo4j.uri", () -> "bolt://127.0.0.1:" + PROXY.port());
        if (NEO4J.user() != null) {
            registry.add("aiorg.neo4j.user", NEO4J::user);
            registry.add("aiorg.neo4j.password", NEO4J::password);
        }
    }

    @AfterAll
    static void closeProxy() {
        PROXY.close();
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    Tasks tasks;

    @Autowired
    Tenants tenants;

    @Autowired
    Outbox outbox;

    @Autowired
    GraphSource source;

    @Autowired
    GraphSyncMetrics metrics;

    @Autowired
    DemoBacklog demo;

    /** Neo4j itself, not through the proxy. */
    private Neo4jGraphStore direct;

    private TenantId tenant;

    @BeforeEach
    void setUp() {
        tenant = TenantId.of(TestDatabases.newTenant());
        tenants.create(tenant, "A", "Analytics for online shops", null);
        Driver driver = context.getBean(DirectDriver.class).driver();
        direct = new Neo4jGraphStore(driver, null, Duration.ofSeconds(20));
    }

    /** One driver straight to Neo4j for the whole class, closed with the context. */
    record DirectDriver(Driver driver) implements AutoCloseable {
        @Override
        public void close() {
            driver.close();
        }
    }

    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class Direct {
        @org.springframework.context.annotation.Bean
        DirectDriver directDriver() {
            return new DirectDriver(GraphDatabase.driver(NEO4J.uri(),
                    NEO4J.user() == null ? AuthTokens.none() : AuthTokens.basic(NEO4J.user(), NEO4J.password())));
        }
    }

    private Task create(String description, String... deps) {
        return tasks.create(tenant, NewTask.of(description, 2, List.of(deps)));
    }

    private void awaitProjected() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Tasks.Graph sql = tasks.graph(tenant);
            Tasks.Graph neo = direct.load(tenant);
            assertThat(neo.tasks()).isEqualTo(sql.tasks());
            assertThat(edges(neo)).isEqualTo(edges(sql));
        });
    }

    private static Set<List<String>> edges(Tasks.Graph g) {
        Set<List<String>> out = new HashSet<>();
        g.edges().forEach(e -> out.add(List.of(e[0], e[1])));
        return out;
    }

    @Test
    void neo4jReplacesSqlAsTheGraphSource() {
        assertThat(context.getBeansOfType(GraphSource.class)).hasSize(1);
        assertThat(source).isInstanceOf(Neo4jGraphSource.class);
        assertThat(context.getBean(TaskGraphs.class).sourceName()).isEqualTo("neo4j");
    }

    @Test
    void exportsTheLagUnderItsPrometheusNames() {
        metrics.refresh();
        String scrape = context.getBean(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).scrape();
        assertThat(scrape).containsPattern("(?m)^ai_graph_sync_lag_seconds \\S+$")
                .containsPattern("(?m)^ai_graph_outbox_pending \\S+$")
                .containsPattern("(?m)^ai_graph_outbox_applied_total \\S+$")
                .containsPattern("(?m)^ai_graph_relay_failures_total \\S+$");
    }

    @Test
    void projectsCreatesPatchesAndDeletes() {
        Task a = create("Design the schema");
        Task b = create("Implement ingestion", a.id());
        Task c = create("Write the docs", a.id(), b.id());
        awaitProjected();
        assertThat(direct.count(tenant)).isEqualTo(new GraphProjection.Rebuilt(3, 3));

        tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DOING));
        tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DONE));
        tasks.patch(tenant, c.id(), new TaskPatch(Set.of("depends_on", "tokens_actual", "role"), null, null, null, null,
                null, 4.5, null, org.aiorg.task.Role.QA, List.of(b.id())));
        awaitProjected();
        GraphRow cRow = direct.load(tenant).tasks().get(2);
        assertThat(cRow.tokensActual()).isEqualTo(4.5);
        assertThat(cRow.role()).isEqualTo(org.aiorg.task.Role.QA);
        assertThat(direct.count(tenant)).isEqualTo(new GraphProjection.Rebuilt(3, 2));

        tasks.delete(tenant, c.id());
        awaitProjected();
        assertThat(direct.count(tenant)).isEqualTo(new GraphProjection.Rebuilt(2, 1));
        assertThat(source.load(tenant).tasks()).extracting(GraphRow::status).containsExactly(TaskStatus.DONE, TaskStatus.TODO);
    }

    @Test
    void catchesUpAfterANeo4jOutageWithoutLosingAChange() {
        Task a = create("Design the schema");
        awaitProjected();

        double failuresBefore = metrics.failures();
        PROXY.stop();
        try {
            assertThat(PROXY.openConnections()).isZero();
            Task b = create("Implement ingestion", a.id());
            tasks.patch(tenant, a.id(), TaskPatch.status(TaskStatus.DOING));
            Task c = create("Throw away");
            tasks.delete(tenant, c.id());
            // The relay tried, failed and keeps the rows; SQL took every change.
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics.failures() > failuresBefore);
            assertThat(tasks.graph(tenant).tasks()).extracting(GraphRow::id).containsExactly(a.id(), b.id());
            assertThat(direct.load(tenant).tasks()).extracting(GraphRow::id).containsExactly(a.id());
            metrics.refresh();
            assertThat(metrics.pending()).isGreaterThanOrEqualTo(4);
            // Meanwhile the analysis reads SQL, the system of record.
            assertThat(source.load(tenant).tasks()).extracting(GraphRow::id).containsExactly(a.id(), b.id());
        } finally {
            PROXY.start();
        }
        awaitProjected();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            metrics.refresh();
            assertThat(metrics.pending()).isZero();
            assertThat(metrics.lagSeconds()).isZero();
        });
    }

    /**
     * Reads are read-committed: a node the relay deletes after a read matched it comes back
     * without properties. Such a read must skip it, never fail (an orchestrator cycle or
     * /api/graph would). The writer replaces the tenant's nodes over and over while a reader loads.
     */
    @Test
    void aReadDuringDeletesSkipsTheDeletedNodesInsteadOfFailing() throws Exception {
        for (int i = 0; i < 60; i++) {
            create("Task " + i);
        }
        awaitProjected(); // the relay is idle from here: only this test writes
        Tasks.Graph full = tasks.graph(tenant);
        Tasks.Graph empty = new Tasks.Graph(List.of(), List.of());
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        var reader = java.util.concurrent.CompletableFuture.runAsync(() -> {
            while (writing.get()) {
                Tasks.Graph g = direct.load(tenant);
                assertThat(g.tasks()).allSatisfy(r -> assertThat(r.status()).isNotNull());
                reads.incrementAndGet();
            }
        });
        try {
            for (int round = 0; round < 150 && !reader.isDone(); round++) {
                direct.replaceTenant(tenant, round % 2 == 0 ? full : empty);
            }
        } finally {
            writing.set(false);
        }
        reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(reads.get()).isPositive();
    }

    @Test
    void analysisOfTheNeo4jGraphEqualsTheAnalysisOfSql() {
        demo.load(tenant);
        Random random = new Random(42);
        for (int i = 0; i < 150; i++) {
            randomEdit(random);
        }
        awaitProjected();

        AnalysedGraph fromSql = AnalysedGraph.of(tasks.graph(tenant));
        AnalysedGraph fromNeo4j = AnalysedGraph.of(source.load(tenant));
        GraphAnalysis s = fromSql.analysis();
        GraphAnalysis n = fromNeo4j.analysis();
        assertThat(ids(fromNeo4j, n.readyTasks())).isEqualTo(ids(fromSql, s.readyTasks())).isNotEmpty();
        assertThat(ids(fromNeo4j, n.waitingTasks())).isEqualTo(ids(fromSql, s.waitingTasks())).isNotEmpty();
        assertThat(ids(fromNeo4j, n.blockedTasks())).isEqualTo(ids(fromSql, s.blockedTasks())).isNotEmpty();
        assertThat(n.criticalPathIds()).isEqualTo(s.criticalPathIds()).isNotEmpty();
        assertThat(n.criticalPath().tokens()).isEqualTo(s.criticalPath().tokens());
    }

    private static Set<String> ids(AnalysedGraph g, int[] indexes) {
        Set<String> out = new HashSet<>();
        for (int i : indexes) {
            out.add(g.rows().get(i).id());
        }
        return out;
    }

    /** A random create, status move, dependency change or delete; refused ones (cycles, dependants) are fine. */
    private void randomEdit(Random random) {
        List<GraphRow> rows = tasks.graph(tenant).tasks();
        GraphRow pick = rows.get(random.nextInt(rows.size()));
        try {
            switch (random.nextInt(4)) {
                case 0 -> create("Random task " + random.nextInt(1000), randomIds(random, rows, 3).toArray(String[]::new));
                case 1 -> {
                    List<TaskStatus> moves = new ArrayList<>(pick.status().moves());
                    if (!moves.isEmpty()) {
                        tasks.patch(tenant, pick.id(), TaskPatch.status(moves.get(random.nextInt(moves.size()))));
                    }
                }
                case 2 -> tasks.patch(tenant, pick.id(), new TaskPatch(Set.of("depends_on"), null, null, null, null, null,
                        null, null, null, randomIds(random, rows, 2)));
                default -> tasks.delete(tenant, pick.id());
            }
        } catch (ClientError refused) {
            // a cycle or a task others depend on: SQL refused it, so there is nothing to project
        }
    }

    private static List<String> randomIds(Random random, List<GraphRow> rows, int max) {
        return IntStream.range(0, random.nextInt(max + 1)).mapToObj(i -> rows.get(random.nextInt(rows.size())).id())
                .distinct().toList();
    }
}
