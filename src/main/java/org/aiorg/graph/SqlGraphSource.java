package org.aiorg.graph;

import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;

/** Reads the graph from the SQL system of record. */
class SqlGraphSource implements GraphSource {

    private final Tasks tasks;

    SqlGraphSource(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public Tasks.Graph load(TenantId tenant) {
        return tasks.graph(tenant);
    }

    @Override
    public String name() {
        return "sql";
    }
}
