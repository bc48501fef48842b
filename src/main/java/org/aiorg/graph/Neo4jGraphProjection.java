package org.aiorg.graph;

import org.aiorg.task.Tasks;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;

/** Rebuilds tenants' Neo4j graphs from SQL in one step each. */
class Neo4jGraphProjection implements GraphProjection {

    /** Totals of a rebuild of every tenant. */
    record RebuiltAll(int tenants, int tasks, int edges) {}

    private final Neo4jGraphStore store;
    private final Tasks tasks;
    private final Tenants tenants;
    private final String location;

    Neo4jGraphProjection(Neo4jGraphStore store, Tasks tasks, Tenants tenants, String location) {
        this.store = store;
        this.tasks = tasks;
        this.tenants = tenants;
        this.location = location;
    }

    @Override
    public Rebuilt rebuild(TenantId tenant) {
        return store.replaceTenant(tenant, tasks.graph(tenant));
    }

    RebuiltAll rebuildAll() {
        int n = 0;
        int t = 0;
        int e = 0;
        for (Tenant tenant : tenants.all()) {
            Rebuilt r = rebuild(tenant.id());
            n++;
            t += r.tasks();
            e += r.edges();
        }
        return new RebuiltAll(n, t, e);
    }

    @Override
    public String location() {
        return location;
    }
}
