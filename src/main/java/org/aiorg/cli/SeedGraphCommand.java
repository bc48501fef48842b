package org.aiorg.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aiorg.AiOrgApplication;
import org.aiorg.common.ClientError;
import org.aiorg.demo.DemoBacklog;
import org.aiorg.graph.GraphProjection;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The seed's {@code scripts/seed_graph.py}: the demo backlog in SQL and, when Neo4j is
 * configured, that tenant's Neo4j graph rebuilt from SQL. Safe to run again: the backlog is only
 * loaded into a tenant without tasks, and the rebuild replaces the tenant's graph.
 */
@Command(name = "seed-graph", mixinStandardHelpOptions = true,
        description = "Load the demo backlog into a tenant (created if missing) and rebuild its Neo4j graph from SQL.")
class SeedGraphCommand implements Callable<Integer> {

    @Option(names = "--tenant", defaultValue = "demo", description = "Tenant to seed (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--reset", description = "Delete the tenant's tasks first (their deletions reach Neo4j like any other)")
    boolean reset;

    @Option(names = "--neo4j-uri", paramLabel = "URI",
            description = "Neo4j Bolt URI (env AIORG_NEO4J_URI); without one only SQL is seeded")
    String neo4jUri;

    @Option(names = "--neo4j-user", paramLabel = "USER",
            description = "Neo4j user (env AIORG_NEO4J_USER); the password only from env AIORG_NEO4J_PASSWORD")
    String neo4jUser;

    @Mixin
    DbOptions db;

    @Override
    public Integer call() {
        TenantId id;
        try {
            id = TenantId.of(tenant);
        } catch (ClientError e) {
            System.err.println("seed-graph: invalid --tenant '" + tenant + "' (" + e.getMessage() + ")");
            return 2;
        }
        Map<String, Object> props = new HashMap<>();
        props.putAll(SpringArgs.toolContext());
        // A short-lived process: no relay thread; the rebuild below brings Neo4j up to date.
        props.put("aiorg.neo4j.relay", false);
        props.put("aiorg.metrics.refresh", "1h");
        if (neo4jUri != null) {
            props.put("aiorg.neo4j.uri", neo4jUri);
        }
        if (neo4jUser != null) {
            props.put("aiorg.neo4j.user", neo4jUser);
        }
        db.putInto(props);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AiOrgApplication.class)
                .web(WebApplicationType.NONE).run(SpringArgs.of(props))) {
            Tasks tasks = context.getBean(Tasks.class);
            DemoBacklog backlog = context.getBean(DemoBacklog.class);
            if (reset) {
                int deleted = context.getBean(org.aiorg.tenant.Tenants.class).find(id).isPresent() ? tasks.deleteAll(id) : 0;
                System.out.printf("Tenant '%s': deleted %d task(s) (--reset).%n", id, deleted);
            }
            int loaded = backlog.load(id);
            if (loaded > 0) {
                System.out.printf("Tenant '%s': loaded the demo backlog, %d task(s).%n", id, loaded);
            } else {
                long existing = tasks.countsByStatus(id).values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("Tenant '%s': has %d task(s) already; demo backlog not loaded (--reset replaces them).%n",
                        id, existing);
            }
            GraphProjection projection = context.getBeanProvider(GraphProjection.class).getIfAvailable();
            if (projection == null) {
                System.out.println("Neo4j: not configured (AIORG_NEO4J_URI or --neo4j-uri); only SQL was seeded.");
            } else {
                GraphProjection.Rebuilt r = projection.rebuild(id);
                System.out.printf("Neo4j %s: rebuilt tenant '%s' from SQL: %d task(s), %d dependency edge(s).%n",
                        projection.location(), id, r.tasks(), r.edges());
            }
        }
        return 0;
    }
}
