package org.aiorg.graph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.aiorg.AiOrgApplication;
import org.aiorg.outbox.Outbox;
import org.aiorg.task.NewTask;
import org.aiorg.task.Role;
import org.aiorg.task.TaskPatch;
import org.aiorg.task.TaskReadCache;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Relay throughput (outbox rows applied to Neo4j per second, through the real relay: lease, SQL
 * reads, Neo4j batches, position updates) and the time to read a tenant's whole graph from Neo4j
 * and from SQL. In-process Neo4j (neo4j-harness) and a SQLite file under target/bench.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:exec -Dbench.main=org.aiorg.graph.Neo4jProjectionBench \
 *     -Dbench.jvmArgs=-Xmx1500m -Dbench.args="10000 100,500,2000"</pre>
 *
 * Args: tasks in the tenant (default 10000), batch sizes to try (default 100,500,2000).
 */
public final class Neo4jProjectionBench {

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int[] batches = Arrays.stream((args.length > 1 ? args[1] : "100,500,2000").split(",")).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path db = dir.resolve("neo4j-bench-" + System.nanoTime() + ".db");
        try (Neo4j neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
                ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AiOrgApplication.class)
                        .web(WebApplicationType.NONE)
                        .run("--aiorg.db.url=jdbc:sqlite:" + db, "--aiorg.neo4j.uri=" + neo4j.boltURI(),
                                "--aiorg.neo4j.relay=false", "--aiorg.metrics.refresh=1h", "--aiorg.outbox.prune-interval=24h",
                                "--logging.level.org.aiorg=WARN")) {
            Tasks tasks = ctx.getBean(Tasks.class);
            Outbox outbox = ctx.getBean(Outbox.class);
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            TenantId tenant = TenantId.of("bench");
            ctx.getBean(Tenants.class).create(tenant, "Bench", "Benchmark", null);

            // The relay's consumer, starting before any row (no resync), so that it applies every row.
            outbox.register(GraphOutboxRelay.CONSUMER);
            jdbc.sql("UPDATE outbox_consumer SET position = 0, resync = 0").update();

            long t0 = System.nanoTime();
            Random random = new Random(7);
            List<String> ids = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                List<String> deps = new ArrayList<>();
                for (int k = random.nextInt(4); k > 0 && !ids.isEmpty(); k--) {
                    String d = ids.get(Math.max(0, ids.size() - 1 - random.nextInt(Math.min(ids.size(), 200))));
                    if (!deps.contains(d)) {
                        deps.add(d);
                    }
                }
                ids.add(tasks.create(tenant, new NewTask("Bench task " + i, 1 + random.nextInt(9), deps,
                        1.0 + random.nextInt(8), 0.5, null, Role.DEV)).id());
            }
            for (int i = 0; i < size / 5; i++) {
                tasks.patch(tenant, ids.get(random.nextInt(ids.size())), TaskPatch.status(TaskStatus.DOING));
            }
            long rows = outbox.lastId();
            System.out.printf("Wrote %d tasks and %d outbox rows in SQL in %.1f s%n", size, rows, (System.nanoTime() - t0) / 1e9);

            Neo4jGraphStore store = ctx.getBean(Neo4jGraphStore.class);
            store.ensureSchema();
            // The first pass warms the JIT and Neo4j's query cache (first compilation of each Cypher
            // statement takes seconds); it is printed but is not a figure.
            int[] runs = new int[batches.length + 1];
            runs[0] = batches[0];
            System.arraycopy(batches, 0, runs, 1, batches.length);
            for (int r = 0; r < runs.length; r++) {
                int batch = runs[r];
                jdbc.sql("UPDATE outbox_consumer SET position = 0, owner = NULL, lease_until = 0").update();
                store.replaceTenant(tenant, new Tasks.Graph(List.of(), List.of()));
                Neo4jProperties props = new Neo4jProperties(neo4j.boltURI().toString(), null, null, null, true, batch,
                        Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5));
                GraphOutboxRelay relay = new GraphOutboxRelay(outbox, store, ctx.getBean(Neo4jGraphProjection.class),
                        ctx.getBean(TaskReadCache.class), ctx.getBean(GraphSyncMetrics.class), props);
                long start = System.nanoTime();
                relay.start();
                while (outbox.consumer(GraphOutboxRelay.CONSUMER).orElseThrow().position() < rows) {
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                relay.stop();
                System.out.printf("Relay, batch %d%s: %d rows in %.2f s = %.0f rows/s%n", batch, r == 0 ? " (warm-up)" : "",
                        rows, seconds, rows / seconds);
            }

            GraphSource neo = ctx.getBean(GraphSource.class);
            Tasks.Graph fromSql = tasks.graph(tenant);
            Tasks.Graph fromNeo = neo.load(tenant);
            if (!fromSql.tasks().equals(fromNeo.tasks()) || fromSql.edges().size() != fromNeo.edges().size()) {
                throw new IllegalStateException("Neo4j and SQL differ");
            }
            System.out.printf("Graph of %d tasks, %d edges%n", fromSql.tasks().size(), fromSql.edges().size());
            time("read from SQL  ", () -> tasks.graph(tenant));
            time("read from Neo4j", () -> neo.load(tenant));
        }
    }

    private static void time(String what, Runnable r) {
        for (int i = 0; i < 10; i++) {
            r.run();
        }
        int n = 30;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        System.out.printf("%s: median %.1f ms, min %.1f ms, max %.1f ms (%d runs after 10 warm-up)%n", what, t[n / 2] / 1e6,
                t[0] / 1e6, t[n - 1] / 1e6, n);
    }
}
