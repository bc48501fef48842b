package org.aiorg.graph;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.task.TaskReadCache;
import org.aiorg.tenant.TenantId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The one analysis of a tenant's graph that the API, the orchestrator and the metrics share, so
 * they never disagree. Computed again when the tenant's tasks change (or after the cache's
 * max age, for changes made by other processes).
 */
@Service
public class TaskGraphs {

    private record Cached(long generation, long createdNanos, AnalysedGraph graph) {}

    private final GraphSource source;
    private final TaskReadCache cache;
    private final long maxAgeNanos;
    private final Map<String, Cached> byTenant = new ConcurrentHashMap<>();

    TaskGraphs(GraphSource source, TaskReadCache cache, @Value("${aiorg.cache.max-age:1s}") Duration maxAge) {
        this.source = source;
        this.cache = cache;
        this.maxAgeNanos = maxAge.toNanos();
    }

    public AnalysedGraph analyse(TenantId tenant) {
        long generation = cache.generation(tenant);
        Cached c = byTenant.get(tenant.value());
        long now = System.nanoTime();
        if (c != null && c.generation() == generation && now - c.createdNanos() < maxAgeNanos) {
            return c.graph();
        }
        AnalysedGraph g = AnalysedGraph.of(source.load(tenant));
        byTenant.put(tenant.value(), new Cached(generation, now, g));
        return g;
    }

    /** Reads afresh, bypassing the cache (the orchestrator's cycle). */
    public AnalysedGraph analyseFresh(TenantId tenant) {
        long generation = cache.generation(tenant);
        AnalysedGraph g = AnalysedGraph.of(source.load(tenant));
        byTenant.put(tenant.value(), new Cached(generation, System.nanoTime(), g));
        return g;
    }

    public String sourceName() {
        return source.name();
    }
}
