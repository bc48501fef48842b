package org.aiorg.orchestrator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.aiorg.graph.AnalysedGraph;
import org.aiorg.graph.GraphAnalysis;
import org.aiorg.graph.GraphSnapshot;
import org.aiorg.graph.TaskGraphs;
import org.aiorg.graph.TaskState;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.stereotype.Service;

/**
 * One orchestrator cycle per tenant: analyse the graph afresh, compare with the previous cycle
 * and raise alerts for what changed, update the gauges. The first cycle after a start sets the
 * baseline and raises nothing, so a restart does not repeat old alerts.
 */
@Service
public class Orchestrator {

    /** What one cycle found for one tenant. */
    public record Report(TenantId tenant, AnalysedGraph graph, List<Alert> raised) {

        public String render() {
            return ReportFormat.render(this);
        }
    }

    private record Previous(Set<String> blocked, Set<String> failed, double criticalTokens) {}

    private record Gauges(AtomicReference<Double> blocked, AtomicReference<Double> pathLength, AtomicReference<Double> pathTokens) {}

    private final TaskGraphs graphs;
    private final Tenants tenants;
    private final Alerts alerts;
    private final MeterRegistry registry;
    private final Timer cycleTimer;
    private final Map<String, Previous> previous = new ConcurrentHashMap<>();
    private final Map<String, Gauges> gauges = new ConcurrentHashMap<>();

    Orchestrator(TaskGraphs graphs, Tenants tenants, Alerts alerts, MeterRegistry registry) {
        this.graphs = graphs;
        this.tenants = tenants;
        this.alerts = alerts;
        this.registry = registry;
        this.cycleTimer = Timer.builder("ai.orchestrator.cycle").description("One orchestrator cycle over all tenants")
                .publishPercentileHistogram().register(registry);
    }

    public List<Report> cycleAll() {
        return cycleTimer.record(() -> {
            List<Report> reports = new ArrayList<>();
            for (Tenant t : tenants.all()) {
                reports.add(cycle(t.id()));
            }
            return reports;
        });
    }

    public Report cycle(TenantId tenant) {
        AnalysedGraph g = graphs.analyseFresh(tenant);
        GraphAnalysis a = g.analysis();
        GraphSnapshot s = g.snapshot();
        Set<String> blocked = new HashSet<>();
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            if (a.isBlocked(i)) {
                blocked.add(s.id(i));
            } else if (a.state(i) == TaskState.FAILED) {
                failed.add(s.id(i));
            }
        }
        double tokens = a.criticalPath().tokens();
        List<Alert> raised = new ArrayList<>();
        Previous before = previous.put(tenant.value(), new Previous(blocked, failed, tokens));
        if (before != null) {
            for (int i = 0; i < s.size(); i++) {
                String id = s.id(i);
                if (failed.contains(id) && !before.failed().contains(id)) {
                    raised.add(alerts.raise(tenant, "task_failed", id, "Task " + id + " failed: " + label(g, i)));
                }
                if (blocked.contains(id) && !before.blocked().contains(id)) {
                    raised.add(alerts.raise(tenant, "task_blocked", id, "Task " + id + " is blocked ("
                            + ReportFormat.reason(g, i) + "): " + label(g, i)));
                }
            }
            if (tokens > before.criticalTokens() + 1e-9) {
                raised.add(alerts.raise(tenant, "critical_path_grew", null, String.format(
                        "Critical path grew from %.1f to %.1f k tokens (%d tasks): %s", before.criticalTokens(), tokens,
                        a.criticalPath().length(), String.join(" -> ", a.criticalPathIds()))));
            }
        }
        Gauges gs = gauges.computeIfAbsent(tenant.value(), this::register);
        gs.blocked().set((double) a.blockedCount());
        gs.pathLength().set((double) a.criticalPath().length());
        gs.pathTokens().set(tokens);
        return new Report(tenant, g, raised);
    }

    private static String label(AnalysedGraph g, int i) {
        String d = g.rows().get(i).description();
        return d.length() > 80 ? d.substring(0, 77) + "..." : d;
    }

    private Gauges register(String tenant) {
        Gauges g = new Gauges(new AtomicReference<>(0.0), new AtomicReference<>(0.0), new AtomicReference<>(0.0));
        Gauge.builder("ai.blocked.tasks", g.blocked(), AtomicReference::get).description("Todo tasks that need human action")
                .tag("tenant", tenant).register(registry);
        Gauge.builder("ai.critical.path.length", g.pathLength(), AtomicReference::get).description("Tasks on the critical path")
                .tag("tenant", tenant).register(registry);
        Gauge.builder("ai.critical.path.tokens", g.pathTokens(), AtomicReference::get)
                .description("Remaining planned tokens (1k blocks) on the critical path").tag("tenant", tenant).register(registry);
        return g;
    }
}
