package org.aiorg.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiorg.task.NewTask;
import org.aiorg.task.Role;
import org.aiorg.task.TaskPatch;
import org.aiorg.task.TaskStatus;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A realistic backlog for a small product team: 30 tasks over every role, five levels of
 * dependencies, some finished, one in progress and one failed (so that blocked tasks show).
 */
@Component
public class DemoBacklog {

    public static final TenantId DEMO = TenantId.of("demo");
    public static final String PURPOSE =
            "Ship a reliable self-service analytics product for small online shops: dashboards, alerts and reports "
                    + "that owners understand, built and operated by a small team with AI agents.";

    private static final Logger log = LoggerFactory.getLogger(DemoBacklog.class);

    /** key, description, value, tokens plan (1k blocks), role, final status, dependencies (keys). */
    private record Item(String key, String description, double value, double plan, Role role, TaskStatus status, List<String> deps) {}

    private static final List<Item> ITEMS = List.of(
            item("vision", "Research the analytics needs of small online shops and summarise interviews", 8, 6, Role.RESEARCH, TaskStatus.DONE),
            item("compete", "Compare competing shop analytics products and their pricing", 5, 4, Role.RESEARCH, TaskStatus.DONE),
            item("roadmap", "Plan the first release: milestones, scope and priorities", 8, 3, Role.PLANNER, TaskStatus.DONE, "vision", "compete"),
            item("arch", "Design the system architecture: ingestion, storage, query API, dashboard", 9, 8, Role.ARCHITECT, TaskStatus.DONE, "roadmap"),
            item("schema", "Design the event schema and the storage layout for shop events", 7, 5, Role.ARCHITECT, TaskStatus.DONE, "arch"),
            item("ingest", "Implement the event ingestion API with batching and validation", 9, 12, Role.DEV, TaskStatus.DOING, "schema"),
            item("connector", "Implement the Shopify connector that imports orders and products", 8, 10, Role.DEV, TaskStatus.FAILED, "schema"),
            item("query", "Implement the query API for revenue, orders and conversion metrics", 9, 14, Role.DEV, TaskStatus.TODO, "ingest"),
            item("rollups", "Implement hourly and daily rollups of shop events", 6, 9, Role.DEV, TaskStatus.TODO, "ingest"),
            item("import-tests", "Write regression tests for the order import of the connector", 5, 4, Role.QA, TaskStatus.TODO, "connector"),
            item("backfill", "Implement a backfill of two years of orders from the connector", 6, 8, Role.DEV, TaskStatus.TODO, "connector"),
            item("ux-research", "Investigate how shop owners read reports: usability study with five owners", 6, 4, Role.RESEARCH, TaskStatus.DONE, "vision"),
            item("wireframes", "Design wireframes for the dashboard home screen and the report pages", 7, 5, Role.UX_UI, TaskStatus.DONE, "ux-research"),
            item("design-system", "Build the UI design system: colours, type, charts and table components", 6, 7, Role.UX_UI, TaskStatus.TODO, "wireframes"),
            item("dashboard", "Build the dashboard page with revenue and conversion charts", 9, 10, Role.UX_UI, TaskStatus.TODO, "design-system", "query"),
            item("reports", "Build the weekly report page and its PDF export", 7, 8, Role.UX_UI, TaskStatus.TODO, "dashboard", "rollups"),
            item("alerts-design", "Design alert rules for revenue drops and failing imports", 6, 3, Role.ARCHITECT, TaskStatus.TODO, "query"),
            item("alerts", "Implement alert delivery by e-mail and Slack", 7, 7, Role.DEV, TaskStatus.TODO, "alerts-design"),
            item("metrics", "Add Prometheus metrics for ingestion rate, query latency and errors", 5, 3, Role.TELEMETRY, TaskStatus.TODO, "ingest"),
            item("tracing", "Add tracing across ingestion and query with trace ids in logs", 4, 4, Role.TELEMETRY, TaskStatus.TODO, "metrics"),
            item("grafana", "Provision Grafana dashboards and alerts for the service", 4, 3, Role.TELEMETRY, TaskStatus.TODO, "metrics"),
            item("load-test", "Load test ingestion at 2,000 events per second and report latency", 6, 5, Role.QA, TaskStatus.TODO, "ingest", "metrics"),
            item("e2e", "Write end-to-end tests of the dashboard in a real browser", 6, 6, Role.QA, TaskStatus.TODO, "dashboard"),
            item("security", "Review authentication and tenant isolation of the query API", 8, 4, Role.ARCHITECT, TaskStatus.TODO, "query"),
            item("onboarding", "Design the onboarding flow that connects a shop in three steps", 7, 5, Role.UX_UI, TaskStatus.TODO, "connector", "wireframes"),
            item("pricing", "Plan pricing tiers and the trial period with estimates of cost per shop", 6, 2, Role.PLANNER, TaskStatus.TODO, "compete"),
            item("docs", "Write the user guide for dashboards, reports and alerts", 4, 5, Role.PLANNER, TaskStatus.TODO, "reports", "alerts"),
            item("beta", "Plan the beta with ten shops: schedule, feedback loop and success criteria", 7, 2, Role.PLANNER, TaskStatus.TODO, "e2e", "onboarding"),
            item("cost-model", "Analyse LLM and infrastructure cost per shop from telemetry", 5, 3, Role.RESEARCH, TaskStatus.TODO, "grafana"),
            item("release", "Release 1.0: verify the release checklist and publish", 10, 3, Role.QA, TaskStatus.TODO, "beta", "docs", "security", "load-test"));

    private final Tasks tasks;
    private final Tenants tenants;

    DemoBacklog(Tasks tasks, Tenants tenants) {
        this.tasks = tasks;
        this.tenants = tenants;
    }

    /** Creates the demo tenant if missing and loads the backlog if the tenant has no tasks. Returns tasks loaded. */
    public int load(TenantId tenant) {
        tenants.ensure(tenant, "Demo shop analytics", PURPOSE, null);
        long existing = tasks.countsByStatus(tenant).values().stream().mapToLong(Long::longValue).sum();
        if (existing > 0) {
            return 0;
        }
        Map<String, String> ids = new HashMap<>();
        for (Item item : ITEMS) {
            List<String> deps = item.deps().stream().map(ids::get).toList();
            var created = tasks.create(tenant, new NewTask(item.description(), item.value(), deps, item.plan(), null, "agent:" + item.role().wire(), item.role()));
            ids.put(item.key(), created.id());
            moveTo(tenant, created.id(), item.status());
        }
        log.info("Loaded the demo backlog into tenant '{}': {} tasks", tenant, ITEMS.size());
        return ITEMS.size();
    }

    public static int size() {
        return ITEMS.size();
    }

    private void moveTo(TenantId tenant, String id, TaskStatus target) {
        List<TaskStatus> path = switch (target) {
            case TODO -> List.of();
            case DOING -> List.of(TaskStatus.DOING);
            case DONE -> List.of(TaskStatus.DOING, TaskStatus.DONE);
            case FAILED -> List.of(TaskStatus.DOING, TaskStatus.FAILED);
        };
        for (TaskStatus s : path) {
            tasks.patch(tenant, id, TaskPatch.status(s));
        }
    }

    private static Item item(String key, String description, double value, double plan, Role role, TaskStatus status, String... deps) {
        return new Item(key, description, value, plan, role, status, new ArrayList<>(List.of(deps)));
    }
}
